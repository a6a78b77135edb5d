import FleetformEngine
import FleetformModel
import FleetformOperations
import Foundation

/// Prints what operations say: Terraform-style lines for people, one JSON object per line with
/// `--json`. Long operations get a `Still creating… [10s elapsed]` line every ten seconds.
final class ProgressPrinter: OperationOutput, @unchecked Sendable {
    private let json: Bool
    private let root: String
    private let lock = NSLock()
    private var started: [String: (Date, ResourceOperation.Kind)] = [:]
    private var ticker: Task<Void, Never>?

    /// A printer for people (or JSON lines); diagnostics are shown relative to `root`.
    init(json: Bool, root: String = Console.workingDirectory) {
        self.json = json
        self.root = root
    }

    func progressStarted() {
        guard !json else { return }
        let ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                self?.tick()
            }
        }
        lock.withLock { self.ticker = ticker }
    }

    func progressStopped() { lock.withLock { ticker }?.cancel() }

    private func tick() {
        let now = Date()
        let lines: [String] = lock.withLock {
            started.sorted { $0.key < $1.key }.map { address, value in
                let seconds = Int(now.timeIntervalSince(value.0))
                return "\(address): Still \(value.1.progressVerb.lowercased())… [\(seconds)s elapsed]"
            }
        }
        for line in lines { Console.out(line + "\n") }
    }

    func event(_ event: ApplyEvent) {
        switch event {
        case .started(let address, let kind):
            lock.withLock { started[address.description] = (Date(), kind) }
            emit(type: "apply_start", address: address, kind: kind, text: "\(address): \(kind.progressVerb)…")
        case .finished(let address, let kind, let seconds, let id):
            lock.withLock { started[address.description] = nil }
            let idText = id.map { " [id=\($0)]" } ?? ""
            emit(
                type: "apply_complete", address: address, kind: kind,
                extra: ["elapsed_seconds": String(format: "%.1f", seconds), "id": id ?? ""],
                text: "\(address): \(kind.completionPhrase) after \(Int(seconds.rounded()))s\(idText)")
        case .failed(let address, let kind, let message):
            lock.withLock { started[address.description] = nil }
            emit(
                type: "apply_errored", address: address, kind: kind, extra: ["message": message],
                text: "\(address): \(kind.progressVerb) failed: \(message)", error: true)
        case .skipped(let address, let kind, let reason):
            emit(
                type: "apply_skipped", address: address, kind: kind, extra: ["reason": reason],
                text: "\(address): not \(kind.rawValue)d — \(reason)")
        case .inDoubt(let address):
            lock.withLock { started[address.description] = nil }
            emit(
                type: "apply_in_doubt", address: address, kind: .create,
                text: "\(address): interrupted before the service answered; will be looked up on the next run")
        case .adopted(let address, let id):
            emit(
                type: "recovered", address: address, kind: .create, extra: ["id": id],
                text: "\(address): found the resource an interrupted apply created [id=\(id)]; adopted it into state")
        case .rollout(let progress):
            rollout(progress)
        }
    }

    /// A rollout event: `rollout_phase` in JSON with the phase and the nodes in service.
    private func rollout(_ progress: RolloutProgress) {
        guard json else {
            let counts =
                progress.blueInService.map { blue in
                    " [in service: blue \(blue), green \(progress.greenInService ?? 0)]"
                } ?? ""
            let text = "\(progress.group): rollout \(progress.message)\(counts)"
            if progress.stage == .rollingBack { Console.error(text) } else { Console.out(text + "\n") }
            return
        }
        var fields = [
            "type": "rollout_phase", "address": progress.group.description, "stage": progress.stage.rawValue,
            "phase": String(progress.phase), "phase_count": String(progress.phaseCount), "message": progress.message,
            "timestamp": Date().rfc3339,
        ]
        if let kind = progress.kind { fields["kind"] = kind.rawValue }
        if let blue = progress.blueInService { fields["blue_in_service"] = String(blue) }
        if let green = progress.greenInService { fields["green_in_service"] = String(green) }
        Console.out(JSONLine.encode(fields) + "\n")
    }

    /// A line of text (human mode) or a message event (JSON mode).
    func message(_ text: String, type: String) {
        if json {
            Console.out(JSONLine.encode(["type": type, "message": text, "timestamp": Date().rfc3339]) + "\n")
        } else {
            Console.out(text + "\n")
        }
    }

    func warning(_ text: String) { Console.error(text) }

    func diagnostics(_ diagnostics: [Diagnostic]) { Console.report(diagnostics, root: root) }

    private func emit(
        type: String, address: ResourceAddress, kind: ResourceOperation.Kind, extra: [String: String] = [:],
        text: String, error: Bool = false
    ) {
        if json {
            var fields = [
                "type": type, "address": address.description, "action": kind.rawValue, "timestamp": Date().rfc3339,
            ]
            fields.merge(extra) { _, new in new }
            Console.out(JSONLine.encode(fields) + "\n")
        } else if error {
            Console.error(text)
        } else {
            Console.out(text + "\n")
        }
    }
}

/// One flat JSON object on one line, keys sorted.
enum JSONLine {
    static func encode(_ fields: [String: String]) -> String {
        JSONText.object(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).compact()
    }
}
