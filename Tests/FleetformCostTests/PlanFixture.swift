import FleetformModel

/// Builds the plan the planner would make between two manifests (updates in place, no state file),
/// so cost diffs can be tested without the engine.
enum PlanFixture {
    static func plan(from old: Manifest, to new: Manifest) -> Plan {
        let before = old.resourcesByAddress
        var changes: [PlannedChange] = []
        for r in new.resources {
            let prior = before[r.address]
            let action: ChangeAction = prior == nil ? .create : (prior!.attributes == r.attributes ? .noOp : .update)
            changes.append(
                PlannedChange(
                    address: r.address, provider: r.provider, action: action, before: prior?.attributes,
                    after: r.attributes, desired: r, priorID: prior.map { _ in r.address.name }))
        }
        for r in old.resources where new.resourcesByAddress[r.address] == nil {
            changes.append(
                PlannedChange(
                    address: r.address, provider: r.provider, action: .delete, before: r.attributes, after: nil))
        }
        return Plan(stack: new.stack, environment: new.environment, changes: changes, priorLineage: "l", priorSerial: 1)
    }
}
