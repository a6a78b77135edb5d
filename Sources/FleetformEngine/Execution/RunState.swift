import FleetformModel

/// The executor's bookkeeping during one apply: what is ready, done, failed or skipped, and the
/// state as finished operations have changed it. Pure: the executor feeds it results.
struct RunState {
    private let graph: OperationGraph
    private var waitingOn: [ResourceOperation: Set<ResourceOperation>]
    private var dependents: [ResourceOperation: [ResourceOperation]] = [:]
    private var ready: [ResourceOperation] = []
    private var scheduled: Set<ResourceOperation> = []
    private var skippedSet: Set<ResourceOperation> = []
    private var order: [ResourceOperation: Int] = [:]

    /// The state as finished operations left it; old objects of create-before-destroy
    /// replacements wait in `state.deposed` until their delete finishes.
    var state: State
    var failures: [(operation: ResourceOperation, message: String)] = []
    var skipped: [ResourceOperation] = []
    var completed: [ResourceOperation.Kind: Int] = [:]
    var interrupted = false
    var aborted = false
    /// Creates whose answer never came: looked up by the next run.
    var inDoubt: [ResourceRequest] = []

    init(graph: OperationGraph, state: State) {
        self.graph = graph
        self.state = state
        self.waitingOn = graph.prerequisites
        for (index, op) in graph.operations.enumerated() { order[op] = index }
        for (op, prerequisites) in graph.prerequisites {
            for p in prerequisites { dependents[p, default: []].append(op) }
        }
        ready = graph.operations.filter { waitingOn[$0]?.isEmpty ?? true }
    }

    /// The next operation whose prerequisites are all done, in plan order.
    mutating func nextReady() -> ResourceOperation? {
        guard !ready.isEmpty else { return nil }
        let op = ready.removeFirst()
        scheduled.insert(op)
        return op
    }

    /// Applies a finished operation's result.
    mutating func record(_ result: OperationResult, events: (ApplyEvent) -> Void) {
        let op = result.op
        switch result.outcome {
        case .resource(let resource):
            if op.kind == .create, let old = state.resources[op.address], old.id != resource.id,
                !state.deposed.contains(where: { $0.address == old.address && $0.id == old.id })
            {
                state.deposed.append(old)
            }
            state.resources[op.address] = resource
            completed[op.kind, default: 0] += 1
            events(.finished(op.address, op.kind, seconds: result.seconds, id: resource.id))
            release(op)
        case .deleted(let id):
            if op.kind == .deleteDeposed {
                if let index = state.deposed.lastIndex(where: { $0.address == op.address && ($0.id == id || id == nil) }
                ) {
                    state.deposed.remove(at: index)
                }
            } else if state.resources[op.address]?.id == id || id == nil {
                state.resources[op.address] = nil
            }
            completed[op.kind, default: 0] += 1
            events(.finished(op.address, op.kind, seconds: result.seconds, id: nil))
            release(op)
        case .inDoubt(let request):
            inDoubt.append(request)
            events(.inDoubt(op.address))
            skipDependents(of: op, because: "\(op.address) was interrupted", events: events)
        case .failure(let message):
            failures.append((op, message))
            if result.fatal { aborted = true }
            events(.failed(op.address, op.kind, message: message))
            skipDependents(of: op, because: "\(op.address) failed", events: events)
        }
    }

    /// Reports whatever never ran.
    mutating func finish(events: (ApplyEvent) -> Void) {
        let reason =
            interrupted
            ? "the run was interrupted"
            : aborted ? "the run stopped after an error every call would hit" : "a dependency cycle between operations"
        for op in graph.operations where !scheduled.contains(op) && !skippedSet.contains(op) {
            skipped.append(op)
            skippedSet.insert(op)
            events(.skipped(op.address, op.kind, reason: reason))
        }
    }

    private mutating func release(_ op: ResourceOperation) {
        for next in dependents[op] ?? [] {
            waitingOn[next]?.remove(op)
            if waitingOn[next]?.isEmpty == true, !scheduled.contains(next), !skippedSet.contains(next) {
                insertReady(next)
            }
        }
    }

    private mutating func insertReady(_ op: ResourceOperation) {
        let rank = order[op] ?? Int.max
        let index = ready.firstIndex { (order[$0] ?? Int.max) > rank } ?? ready.endIndex
        ready.insert(op, at: index)
    }

    private mutating func skipDependents(of op: ResourceOperation, because reason: String, events: (ApplyEvent) -> Void)
    {
        var stack = dependents[op] ?? []
        while let next = stack.popLast() {
            guard !scheduled.contains(next), !skippedSet.contains(next) else { continue }
            skipped.append(next)
            skippedSet.insert(next)
            scheduled.insert(next)
            events(.skipped(next.address, next.kind, reason: reason))
            stack += dependents[next] ?? []
        }
    }
}
