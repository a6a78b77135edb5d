import FleetformDSL
import FleetformEngine
import FleetformModel
import Foundation

/// The environments the `env` commands look at: every state of one stack (`--stack`) or of
/// every stack, in the backend each stack declares (or the one `--state` names).
struct EnvironmentScope {
    /// One environment's state and where it lives.
    struct Entry {
        var stack: String
        var environment: String
        var state: State
        var backend: any StateBackend
    }

    var stateOptions: StateOptions
    /// `--stack`, when given.
    var stack: String?

    /// The stacks in scope: the one asked for, or every stack compiled in and every stack with
    /// a state in the default backend.
    func stackNames() async throws -> [String] {
        if let stack { return [stack] }
        var names = Set(allStacksByName.keys)
        names.formUnion(try await stateOptions.backend(for: nil).stacks())
        return names.sorted()
    }

    /// Every environment with a state in scope, sorted by stack and name.
    func entries() async throws -> [Entry] {
        var entries: [Entry] = []
        for name in try await stackNames() {
            let backend = try stateOptions.backend(for: allStacksByName[name])
            for environment in try await backend.list(stack: name) {
                guard let state = try await backend.read(stack: name, environment: environment) else { continue }
                entries.append(Entry(stack: name, environment: environment, state: state, backend: backend))
            }
        }
        return entries
    }

    /// The workspace of one environment.
    func workspace(_ entry: Entry) -> Workspace {
        PlanPipeline.workspace(backend: entry.backend, stackName: entry.stack, environment: entry.environment, stateOptions: stateOptions)
    }

    /// The regions stacks in scope use: primary and DR regions of compiled stacks, and every
    /// region a state records.
    func regions(of entries: [Entry]) async throws -> [String] {
        var regions: Set<String> = []
        for name in try await stackNames() {
            guard let stack = allStacksByName[name] else { continue }
            regions.insert(stack.region.code)
            if let dr = stack.drRegion { regions.insert(dr.code) }
        }
        for entry in entries { for resource in entry.state.resources.values { regions.insert(resource.provider.region) } }
        return regions.sorted()
    }
}

/// Short human durations: `3d4h`, `2h05m`, `12m`, `40s`.
enum AgeText {
    static func format(_ seconds: Double) -> String {
        let total = Int(abs(seconds))
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h" + (minutes < 10 ? "0" : "") + "\(minutes)m" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(total)s"
    }

    /// `in 7h59m` / `3h12m ago` for `date` seen from `now`.
    static func relative(_ date: Date, now: Date) -> String {
        let delta = date.timeIntervalSince(now)
        return delta >= 0 ? "in " + format(delta) : format(delta) + " ago"
    }
}
