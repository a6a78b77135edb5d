import FleetformEngine
import FleetformModel
import Foundation

/// An in-memory provider for scheduler tests: it records the order and concurrency of calls and
/// fails the addresses it is told to. (Cloud behaviour is tested against moto elsewhere; this
/// tests only how the executor orders and isolates work.)
final class RecordingProvider: ResourceProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var _calls: [String] = []
    private var inFlight = 0
    private(set) var maxInFlight = 0
    private var nextID = 0
    let failing: Set<String>
    let delay: Duration

    init(failing: Set<String> = [], delay: Duration = .milliseconds(2)) {
        self.failing = failing
        self.delay = delay
    }

    var calls: [String] { lock.withLock { _calls } }

    func schema(for type: String) -> ResourceSchema? { nil }

    private func enter(_ call: String) throws {
        try lock.withLock {
            _calls.append(call)
            inFlight += 1
            maxInFlight = max(maxInFlight, inFlight)
            if failing.contains(call) {
                inFlight -= 1
                throw NSError(
                    domain: "test", code: 1, userInfo: [NSLocalizedDescriptionKey: "injected failure on \(call)"])
            }
        }
    }

    private func leave() { lock.withLock { inFlight -= 1 } }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        try enter("create \(request.address)")
        try? await Task.sleep(for: delay)
        defer { leave() }
        let id = lock.withLock {
            nextID += 1; return "id-\(nextID)"
        }
        var attributes = request.attributes
        attributes["tags"] = .map(request.ownershipTags.mapValues { .string($0) })
        return ResourceState(address: request.address, provider: request.provider, id: id, attributes: attributes)
    }

    func read(_ resources: [ResourceState]) async throws -> [ResourceAddress: ResourceState?] {
        Dictionary(resources.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        try enter("update \(request.address)")
        try? await Task.sleep(for: delay)
        defer { leave() }
        var next = prior
        next.attributes.merge(request.attributes) { _, new in new }
        return next
    }

    func delete(_ resource: ResourceState) async throws {
        try enter("delete \(resource.address)")
        try? await Task.sleep(for: delay)
        leave()
    }

    func importResource(address: ResourceAddress, provider: ProviderConfig, id: String) async throws -> ResourceState {
        ResourceState(address: address, provider: provider, id: id, attributes: [:])
    }

    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? { nil }
}

/// A journal that keeps entries in memory, in order.
actor MemoryJournal: ApplyJournal {
    private(set) var entries: [String] = []
    func recordIntent(_ request: ResourceRequest) async throws { entries.append("intent \(request.address)") }
    func recordResource(_ resource: ResourceState) async throws { entries.append("resource \(resource.address)") }
    func recordDeletion(_ address: ResourceAddress, id: String) async throws { entries.append("deleted \(address)") }
    func recordDeposed(_ resource: ResourceState) async throws {
        entries.append("deposed \(resource.address) \(resource.id)")
    }
    func recordRollout(_ record: RolloutRecord) async throws {
        entries.append("rollout \(record.group) \(record.status.rawValue) \(record.completed)")
    }
}
