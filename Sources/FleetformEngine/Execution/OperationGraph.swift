import FleetformModel

/// The operations of a plan and which must finish before which.
///
/// Creates and updates wait for the creates and updates of what they depend on; a delete waits
/// for the deletes of what depended on it; a replacement's two halves are ordered by its kind;
/// the old object of a create-before-destroy replacement is deleted only after its dependents
/// have moved to the new one.
struct OperationGraph {
    /// Operations in plan order.
    private(set) var operations: [ResourceOperation] = []
    /// For each operation, the operations it waits for.
    private(set) var prerequisites: [ResourceOperation: Set<ResourceOperation>] = [:]

    init(plan: Plan, state: State) {
        var upward: [ResourceAddress: ResourceOperation] = [:]
        var downward: [ResourceAddress: ResourceOperation] = [:]
        for change in plan.changes {
            let a = change.address
            switch change.action {
            case .noOp: break
            case .create: upward[a] = ResourceOperation(address: a, kind: .create)
            case .update: upward[a] = ResourceOperation(address: a, kind: .update)
            case .delete: downward[a] = ResourceOperation(address: a, kind: .delete)
            case .deleteThenCreate:
                downward[a] = ResourceOperation(address: a, kind: .delete)
                upward[a] = ResourceOperation(address: a, kind: .create)
            case .createThenDelete:
                upward[a] = ResourceOperation(address: a, kind: .create)
                downward[a] = ResourceOperation(address: a, kind: .deleteDeposed)
            }
        }
        for change in plan.changes where change.action != .noOp {
            if let op = downward[change.address] { add(op) }
            if let op = upward[change.address] { add(op) }
        }
        // Who depended on each resource in the prior state, computed once (deletes need it).
        var priorDependents: [ResourceAddress: [ResourceAddress]] = [:]
        for (address, prior) in state.resources {
            for dependency in prior.dependencies { priorDependents[dependency, default: []].append(address) }
        }
        for change in plan.changes {
            let a = change.address
            if let up = upward[a] {
                for dependency in change.dependencies { if let d = upward[dependency] { require(d, before: up) } }
                if change.action == .deleteThenCreate, let down = downward[a] { require(down, before: up) }
            }
            if let down = downward[a] {
                if change.action == .createThenDelete, let up = upward[a] { require(up, before: down) }
                // What depended on this resource in the prior state goes first.
                for other in priorDependents[a] ?? [] {
                    if let otherDown = downward[other], otherDown.kind == .delete { require(otherDown, before: down) }
                }
                // Dependents switch to the new object before the old one goes.
                if change.action == .createThenDelete {
                    for dependent in plan.changes where dependent.dependencies.contains(a) {
                        if let otherUp = upward[dependent.address] { require(otherUp, before: down) }
                    }
                }
            }
        }
    }

    private mutating func add(_ op: ResourceOperation) {
        operations.append(op)
        prerequisites[op, default: []] = prerequisites[op] ?? []
    }

    private mutating func require(_ first: ResourceOperation, before second: ResourceOperation) {
        guard first != second else { return }
        prerequisites[second, default: []].insert(first)
    }
}
