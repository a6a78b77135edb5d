import FleetformEngine
import FleetformModel
import Foundation
import Synchronization

/// A provider whose creates wait until the test releases them (or the task is cancelled).
final class GatedProvider: ResourceProvider, Sendable {
    private let waiting = Mutex<[CheckedContinuation<Void, any Error>]>([])
    private let started = Mutex(0)
    /// Creates started and not yet returned, and the most there ever were at once.
    private let running = Mutex((now: 0, most: 0))
    let existing: Mutex<[ResourceAddress: ResourceState]> = Mutex([:])
    let answerAlreadyExists: Bool

    init(answerAlreadyExists: Bool = false) { self.answerAlreadyExists = answerAlreadyExists }

    var startedCount: Int { started.withLock { $0 } }
    var mostAtOnce: Int { running.withLock { $0.most } }
    var waitingCount: Int { waiting.withLock { $0.count } }

    /// Lets every waiting create return.
    func releaseAll() {
        for continuation in waiting.withLock({ list -> [CheckedContinuation<Void, any Error>] in
            defer { list.removeAll() }
            return list
        }) {
            continuation.resume()
        }
    }

    func schema(for type: String) -> ResourceSchema? { nil }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        started.withLock { $0 += 1 }
        if answerAlreadyExists { throw InterruptedApplyTests.AlreadyThere() }
        running.withLock {
            $0.now += 1; $0.most = max($0.most, $0.now)
        }
        defer { running.withLock { $0.now -= 1 } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiting.withLock { $0.append(continuation) }
            }
        } onCancel: {
            for continuation in waiting.withLock({ list -> [CheckedContinuation<Void, any Error>] in
                defer { list.removeAll() }
                return list
            }) {
                continuation.resume(throwing: CancellationError())
            }
        }
        return ResourceState(
            address: request.address, provider: request.provider, id: "id-\(request.address.name)",
            attributes: ["tags": .map(request.ownershipTags.mapValues { .string($0) })])
    }

    func read(_ resources: [ResourceState]) async throws -> [ResourceAddress: ResourceState?] {
        Dictionary(resources.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws
        -> ResourceState
    {
        prior
    }

    func delete(_ resource: ResourceState) async throws {}

    func importResource(address: ResourceAddress, provider: ProviderConfig, id: String) async throws
        -> ResourceState
    {
        ResourceState(address: address, provider: provider, id: id, attributes: [:])
    }

    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        existing.withLock { $0[request.address] }
    }
}
