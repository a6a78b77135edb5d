import FleetformModel

/// The order in which a plan's changes may run, as a graph of `PlanStep`s: creates and updates
/// after what they depend on, deletes before the deletes of what they depended on, a
/// delete-then-create replacement's destroy before its create, and a create-before-destroy
/// replacement's destroy after its create and after its dependents have moved to the new object.
///
/// The executor walks `graph` (running independent steps in parallel, and skipping
/// `graph.descendants(of:)` a failed step); `orderedChanges` is the plan's linear order.
public struct PlanSchedule: Sendable {
    /// Steps and the edges between them: an edge from a step to each step that must finish first.
    public private(set) var graph = DependencyGraph<PlanStep>()
    /// Every step in a valid order (ties broken by address, then operation).
    public private(set) var order: [PlanStep] = []
    /// The changes, each at the position of its main step (its create or update, or its destroy
    /// for a delete).
    public private(set) var orderedChanges: [PlannedChange] = []

    /// Schedules `changes`, using the dependencies recorded in `prior` for the order of deletes.
    ///
    /// - Throws: `DiagnosticsError` when the manifest and the state order resources in
    ///   contradicting ways, so no order exists.
    public init(changes: consuming [PlannedChange], prior: State) throws {
        // Fields are read in place (`changes[index].…`): copying a change copies its attributes.
        var actions: [ResourceAddress: ChangeAction] = [:]
        actions.reserveCapacity(changes.count)
        for index in changes.indices { actions[changes[index].address] = changes[index].action }
        for index in changes.indices {
            let address = changes[index].address
            switch changes[index].action {
            case .noOp: graph.addNode(PlanStep(address, .none))
            case .create: graph.addNode(PlanStep(address, .create))
            case .update: graph.addNode(PlanStep(address, .update))
            case .delete: graph.addNode(PlanStep(address, .destroy))
            case .deleteThenCreate: graph.addEdge(from: PlanStep(address, .create), to: PlanStep(address, .destroy))
            case .createThenDelete: graph.addEdge(from: PlanStep(address, .destroy), to: PlanStep(address, .create))
            }
        }
        for index in changes.indices {
            let address = changes[index].address, action = changes[index].action
            if let main = Self.mainStep(address, action), action != .delete {
                for dependency in changes[index].dependencies {
                    guard let other = actions[dependency], other != .delete,
                        let otherMain = Self.mainStep(dependency, other)
                    else { continue }
                    graph.addEdge(from: main, to: otherMain)
                    if other == .createThenDelete {
                        graph.addEdge(from: PlanStep(dependency, .destroy), to: main)
                    }
                }
            }
            if Self.destroys(action) {
                let recorded = prior.resources[address]?.dependencies ?? changes[index].dependencies
                for dependency in recorded where actions[dependency].map(Self.destroys) ?? false {
                    graph.addEdge(from: PlanStep(dependency, .destroy), to: PlanStep(address, .destroy))
                }
            }
        }
        switch graph.topologicalOrder() {
        case .success(let steps): order = steps
        case .failure(let cycle):
            throw DiagnosticsError([
                Diagnostic(
                    .error,
                    "the changes cannot be ordered: "
                        + (cycle.nodes + [cycle.nodes[0]]).map(\.description).joined(separator: " must wait for "),
                    hint: "the state records dependencies that contradict the stack's; "
                        + "apply the change in two steps with --target", address: cycle.nodes[0].address)
            ])
        }
        var position: [PlanStep: Int] = [:]
        position.reserveCapacity(order.count)
        for (index, step) in order.enumerated() { position[step] = index }
        // Sort positions, then move the (large) changes into that order without copying them.
        let ranks = changes.indices.map { index in
            Self.mainStep(changes[index].address, changes[index].action).flatMap { position[$0] } ?? 0
        }
        changes.rearrange(to: changes.indices.sorted { ranks[$0] < ranks[$1] })
        orderedChanges = changes
    }

    /// The step that places a change in the linear order.
    static func mainStep(_ address: ResourceAddress, _ action: ChangeAction) -> PlanStep? {
        switch action {
        case .noOp: return PlanStep(address, .none)
        case .create, .deleteThenCreate, .createThenDelete: return PlanStep(address, .create)
        case .update: return PlanStep(address, .update)
        case .delete: return PlanStep(address, .destroy)
        }
    }

    static func destroys(_ action: ChangeAction) -> Bool { action == .delete || action.isReplace }
}
