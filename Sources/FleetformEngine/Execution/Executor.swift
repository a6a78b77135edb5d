import FleetformModel
import Foundation

/// Carries out a plan: walks its operations in dependency order with bounded parallelism, calls
/// the provider, and records every result in the journal as it happens.
///
/// When an operation fails, everything that depends on it is skipped while independent work
/// goes on; the outcome lists every failure. A `StopSignal` stops scheduling: operations in
/// flight finish and are recorded, the rest are reported as skipped. Cancelling the task also
/// abandons the calls in flight: a create whose answer never came is *in doubt* (never failed),
/// and its intent stays in the journal for the next run to look up.
public struct Executor: Sendable {
    /// How many provider calls may run at once.
    public var parallelism: Int
    /// Tags added to every created resource (ownership and expiry).
    public var ownershipTags: @Sendable (ResourceAddress) -> [String: String]
    /// Makes a fresh idempotency token for a create.
    public var makeToken: @Sendable () -> String
    /// Errors every further call would hit too (bad credentials): the run stops scheduling at the
    /// first one instead of sending every remaining call to fail the same way.
    public var isFatal: @Sendable (any Error) -> Bool
    /// Errors after which nobody knows whether the call took effect (the connection dropped or
    /// timed out after the request went out): a create that ends so is in doubt, not failed.
    public var outcomeUnknown: @Sendable (any Error) -> Bool
    /// Errors with which a create says the resource is already there: the executor looks it up
    /// by its ownership tags and adopts it when it is this address's, else fails saying so.
    public var alreadyExists: @Sendable (any Error) -> Bool

    /// An executor running `parallelism` calls at once, tagging what it creates with `ownershipTags`.
    public init(
        parallelism: Int = 10, ownershipTags: @escaping @Sendable (ResourceAddress) -> [String: String],
        makeToken: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        isFatal: @escaping @Sendable (any Error) -> Bool = { _ in false },
        outcomeUnknown: @escaping @Sendable (any Error) -> Bool = { _ in false },
        alreadyExists: @escaping @Sendable (any Error) -> Bool = { _ in false }
    ) {
        self.parallelism = max(1, parallelism)
        self.ownershipTags = ownershipTags
        self.makeToken = makeToken
        self.isFatal = isFatal
        self.outcomeUnknown = outcomeUnknown
        self.alreadyExists = alreadyExists
    }

    /// Applies `plan` to `state` through `provider`, recording progress in `journal` and
    /// reporting it through `events`; `stop` ends scheduling early.
    public func apply(
        _ plan: Plan, to state: State, provider: any ResourceProvider, journal: any ApplyJournal,
        stop: StopSignal = StopSignal(), events: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) async -> ApplyOutcome {
        let graph = OperationGraph(plan: plan, state: state)
        var run = RunState(graph: graph, state: state)
        let changes = Dictionary(plan.changes.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })

        await withTaskGroup(of: OperationResult.self) { group in
            var running = 0
            while true {
                if Task.isCancelled || stop.isRequested { run.interrupted = true }
                // The first call goes alone: if it fails for a reason every call shares (bad
                // credentials, unreachable endpoint), the run stops after one call, not ten.
                let limit = run.completed.isEmpty ? 1 : parallelism
                while !run.interrupted, !run.aborted, running < limit, let op = run.nextReady() {
                    guard let change = changes[op.address] else { continue }
                    let snapshot = run.state
                    let target =
                        op.kind == .deleteDeposed
                        ? run.state.deposed.last { $0.address == op.address } : run.state.resources[op.address]
                    events(.started(op.address, op.kind))
                    running += 1
                    group.addTask {
                        await perform(
                            op, change: change, state: snapshot, target: target, provider: provider, journal: journal)
                    }
                }
                guard running > 0, let result = await group.next() else { break }
                running -= 1
                run.record(result, events: events)
            }
        }
        run.finish(events: events)
        return ApplyOutcome(
            state: run.state, failures: run.failures, skipped: run.skipped, completed: run.completed,
            interrupted: run.interrupted, aborted: run.aborted, inDoubt: run.inDoubt)
    }

    private func perform(
        _ op: ResourceOperation, change: PlannedChange, state: State, target: ResourceState?,
        provider: any ResourceProvider,
        journal: any ApplyJournal
    ) async -> OperationResult {
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        // A create whose intent is journalled: from here on, its outcome may be unknown.
        var sent: ResourceRequest?
        do {
            switch op.kind {
            case .create, .update:
                guard let desired = change.desired else {
                    return .init(
                        op: op, outcome: .failure("the plan has no declaration for \(op.address)"), seconds: elapsed())
                }
                let attributes = try Self.resolve(desired, in: state)
                let request = ResourceRequest(
                    address: op.address, provider: desired.provider, attributes: attributes,
                    ownershipTags: ownershipTags(op.address), idempotencyToken: makeToken(),
                    declared: desired.declared)
                var resource: ResourceState
                if op.kind == .create {
                    if change.action == .createThenDelete, let old = target { try await journal.recordDeposed(old) }
                    try await journal.recordIntent(request)
                    sent = request
                    resource = try await createOrAdopt(request, provider: provider)
                } else {
                    guard let prior = target else {
                        return .init(
                            op: op, outcome: .failure("\(op.address) is not in state; run 'fleetform refresh'"),
                            seconds: elapsed())
                    }
                    resource = try await provider.update(prior, to: request, changed: change.changedAttributes)
                }
                resource.declared = desired.declared
                try await journal.recordResource(resource)
                return .init(op: op, outcome: .resource(resource), seconds: elapsed())
            case .delete, .deleteDeposed:
                guard let prior = target else {
                    return .init(op: op, outcome: .deleted(id: nil), seconds: elapsed())
                }
                try await provider.delete(prior)
                try await journal.recordDeletion(op.address, id: prior.id)
                return .init(op: op, outcome: .deleted(id: prior.id), seconds: elapsed())
            }
        } catch {
            let interrupted = error is CancellationError || Task.isCancelled
            if let sent, interrupted || outcomeUnknown(error) {
                return .init(op: op, outcome: .inDoubt(sent), seconds: elapsed())
            }
            let message = interrupted ? "interrupted before the service answered" : String(describing: error)
            return .init(op: op, outcome: .failure(message), seconds: elapsed(), fatal: isFatal(error))
        }
    }

    /// Creates; when the service answers that the resource is already there, adopts it if its
    /// ownership tags say it is this address of this stack and environment.
    func createOrAdopt(_ request: ResourceRequest, provider: any ResourceProvider) async throws
        -> ResourceState
    {
        do {
            return try await provider.create(request)
        } catch  where alreadyExists(error) {
            if let found = try await provider.findCreated(request) { return found }
            throw ExecutionError(
                description: "\(error); what holds that name is not \(request.address) of "
                    + "\(request.ownershipTags[OwnershipTags.stack] ?? "this stack")/\(request.ownershipTags[OwnershipTags.environment] ?? "this environment") "
                    + "(its fleetform: tags differ), so Fleetform leaves it alone: give the resource another name, "
                    + "or delete or import the one that exists")
        }
    }

    /// The declaration's attributes with every reference replaced by the referenced resource's
    /// value in `state` (its `id` when the attribute is `id` and not stored).
    static func resolve(_ desired: ManifestResource, in state: State) throws -> [String: AttributeValue] {
        var missing: ResourceReference?
        let resolved = desired.attributes.mapValues { value in
            value.resolvingReferences { reference in
                guard let target = state.resources[reference.address] else {
                    missing = reference
                    return .unknown
                }
                if let value = target.attributes[reference.attribute] { return value }
                if reference.attribute == "id" { return .string(target.id) }
                missing = reference
                return .unknown
            }
        }
        if let missing {
            throw ExecutionError.unresolvedReference(missing, in: desired.address)
        }
        return resolved
    }
}

/// Why an operation could not run.
public struct ExecutionError: Error, CustomStringConvertible, Sendable {
    public let description: String

    static func unresolvedReference(_ reference: ResourceReference, in address: ResourceAddress) -> ExecutionError {
        ExecutionError(
            description:
                "\(address) refers to \(reference), which has no value: \(reference.address) does not exist or lacks '\(reference.attribute)'"
        )
    }
}

/// What one operation produced.
struct OperationResult: Sendable {
    enum Outcome: Sendable {
        case resource(ResourceState)
        case deleted(id: String?)
        case failure(String)
        /// A create was sent but its answer never came: it may exist.
        case inDoubt(ResourceRequest)
    }

    var op: ResourceOperation
    var outcome: Outcome
    var seconds: Double
    /// The error would recur on every call: stop scheduling.
    var fatal = false
}
