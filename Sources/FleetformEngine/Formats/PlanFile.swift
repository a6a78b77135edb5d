import FleetformModel

/// The stored form of a `SavedPlan`, format version 2 when it carries pool rollouts (an older
/// Fleetform must refuse it rather than apply the plan without them), else 1:
///
/// ```json
/// {"format_version": 1, "stack": "training", "environment": "dev",
///  "prior_state": {"exists": true, "lineage": "…", "serial": 4, "sha256": "…"},
///  "changes": [{"address": "aws_vpc.core", "action": "create", "after": {…}, …}],
///  "drift": […], "warnings": […],
///  "rollouts": [{"record": {…}, "replaces": [change…], "resuming": false,
///                "overlap_node_hours": 1.5, "instance_type": "g6.2xlarge"}]}
/// ```
public enum PlanFile {
    /// The newest version this Fleetform writes and reads.
    public static let formatVersion = 2

    /// `saved` as the bytes of a plan file.
    public static func encode(_ saved: SavedPlan) -> [UInt8] {
        let plan = saved.plan
        let prior = StoredValue.compact([
            "exists": .bool(saved.stateExisted), "lineage": .string(plan.priorLineage),
            "serial": .number(Double(plan.priorSerial)), "sha256": saved.stateDigest.map(AttributeValue.string),
        ])
        var fields: [String: AttributeValue] = [
            "format_version": .number(plan.rollouts.isEmpty ? 1 : 2), "stack": .string(plan.stack),
            "environment": .string(plan.environment), "prior_state": prior,
            "changes": .list(plan.changes.map(encode(change:))),
            "drift": .list(plan.drift.map(encode(drift:))),
            "warnings": .list(plan.warnings.map(StoredValue.diagnostic)),
        ]
        if !plan.rollouts.isEmpty { fields["rollouts"] = .list(plan.rollouts.map(encode(rollout:))) }
        return JSONWriter.encode(.map(fields))
    }

    static func encode(rollout: PlannedRollout) -> AttributeValue {
        [
            "record": StoredValue.rolloutRecord(rollout.record),
            "replaces": .list(rollout.replaces.map(encode(change:))),
            "resuming": .bool(rollout.resuming), "overlap_node_hours": .number(rollout.overlapNodeHours),
            "instance_type": .string(rollout.instanceType),
        ]
    }

    static func encode(change: PlannedChange) -> AttributeValue {
        var fields = StoredValue.compactFields([
            "address": .string(change.address.description), "provider": StoredValue.provider(change.provider),
            "action": .string(change.action.rawValue),
            "changed_attributes": StoredValue.strings(change.changedAttributes),
            "replace_paths": StoredValue.strings(change.replacePaths),
            "reason": change.reason.map(AttributeValue.string),
            "desired": change.desired.map(StoredValue.manifestResource),
            "dependencies": StoredValue.addresses(change.dependencies),
            "sensitive": StoredValue.strings(change.sensitive), "prior_id": change.priorID.map(AttributeValue.string),
        ])
        // Kept even when empty: an empty object and no object mean different things here.
        if let before = change.before { fields["before"] = .map(before) }
        if let after = change.after { fields["after"] = .map(after) }
        return .map(fields)
    }

    static func encode(drift: DriftedAttribute) -> AttributeValue {
        StoredValue.compact([
            "address": .string(drift.address.description), "attribute": .string(drift.attribute),
            "recorded": drift.recorded, "actual": drift.actual,
        ])
    }

    /// Reads a plan file, checking its version first. Verify the result against the current
    /// state with `SavedPlan.verify(against:stack:environment:file:)` before applying it.
    ///
    /// - Throws: `FileFormatError` naming the file, the problem and what to do.
    public static func decode(_ bytes: some Collection<UInt8>, file: String) throws(FileFormatError) -> SavedPlan {
        let document = try StoredDocument.parse(bytes, kind: .plan, file: file)
        _ = try document.version(supported: formatVersion)
        let current = document
        let prior = try current.object("prior_state")
        var changes: [PlannedChange] = []
        for entry in try current.objects("changes") { changes.append(try change(entry)) }
        var drift: [DriftedAttribute] = []
        for entry in try current.objects("drift") {
            drift.append(
                DriftedAttribute(
                    address: try entry.address("address"), attribute: try entry.string("attribute"),
                    recorded: entry.fields["recorded"], actual: entry.fields["actual"]))
        }
        var warnings: [Diagnostic] = []
        for entry in try current.objects("warnings") { warnings.append(try entry.diagnostic()) }
        var plan = Plan(
            stack: try current.string("stack"), environment: try current.string("environment"), changes: changes,
            drift: drift, warnings: warnings, priorLineage: try prior.string("lineage"),
            priorSerial: try prior.int("serial"))
        for entry in try current.objects("rollouts") {
            var replaces: [PlannedChange] = []
            for change in try entry.objects("replaces") { replaces.append(try Self.change(change)) }
            plan.rollouts.append(
                PlannedRollout(
                    record: try entry.object("record").rolloutRecord(), replaces: replaces,
                    resuming: try entry.bool("resuming", default: false),
                    overlapNodeHours: try entry.number("overlap_node_hours"),
                    instanceType: try entry.string("instance_type")))
        }
        return SavedPlan(
            plan: plan, stateExisted: try prior.bool("exists", default: true),
            stateDigest: try prior.optionalString("sha256"))
    }

    /// One stored planned change.
    static func change(_ entry: StoredDocument) throws(FileFormatError) -> PlannedChange {
        let actionName = try entry.string("action")
        guard let action = ChangeAction(rawValue: actionName) else {
            throw entry.invalid("action", "one of " + ChangeAction.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return PlannedChange(
            address: try entry.address("address"), provider: try entry.provider("provider"), action: action,
            before: try entry.optionalObject("before")?.fields,
            after: try entry.optionalObject("after")?.fields,
            changedAttributes: try entry.strings("changed_attributes"),
            replacePaths: try entry.strings("replace_paths"), reason: try entry.optionalString("reason"),
            desired: try entry.optionalObject("desired")?.manifestResource(),
            dependencies: try entry.addresses("dependencies"), sensitive: try entry.strings("sensitive"),
            priorID: try entry.optionalString("prior_id"))
    }

}
