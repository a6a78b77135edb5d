import FleetformModel

/// The stored form of a `SavedPlan`, format version 1:
///
/// ```json
/// {"format_version": 1, "stack": "training", "environment": "dev",
///  "prior_state": {"exists": true, "lineage": "…", "serial": 4, "sha256": "…"},
///  "changes": [{"address": "aws_vpc.core", "action": "create", "after": {…}, …}],
///  "drift": […], "warnings": […]}
/// ```
public enum PlanFile {
    /// The version this Fleetform writes and the newest it reads.
    public static let formatVersion = 1

    /// `saved` as the bytes of a plan file.
    public static func encode(_ saved: SavedPlan) -> [UInt8] {
        let plan = saved.plan
        let prior = StoredValue.compact([
            "exists": .bool(saved.stateExisted), "lineage": .string(plan.priorLineage),
            "serial": .number(Double(plan.priorSerial)), "sha256": saved.stateDigest.map(AttributeValue.string),
        ])
        return JSONWriter.encode([
            "format_version": .number(Double(formatVersion)), "stack": .string(plan.stack),
            "environment": .string(plan.environment), "prior_state": prior,
            "changes": .list(plan.changes.map(encode(change:))),
            "drift": .list(plan.drift.map(encode(drift:))),
            "warnings": .list(plan.warnings.map(StoredValue.diagnostic)),
        ])
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
        for entry in try current.objects("changes") {
            let actionName = try entry.string("action")
            guard let action = ChangeAction(rawValue: actionName) else {
                throw entry.invalid("action", "one of " + ChangeAction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            changes.append(
                PlannedChange(
                    address: try entry.address("address"), provider: try entry.provider("provider"), action: action,
                    before: try entry.optionalObject("before")?.fields,
                    after: try entry.optionalObject("after")?.fields,
                    changedAttributes: try entry.strings("changed_attributes"),
                    replacePaths: try entry.strings("replace_paths"), reason: try entry.optionalString("reason"),
                    desired: try entry.optionalObject("desired")?.manifestResource(),
                    dependencies: try entry.addresses("dependencies"), sensitive: try entry.strings("sensitive"),
                    priorID: try entry.optionalString("prior_id")))
        }
        var drift: [DriftedAttribute] = []
        for entry in try current.objects("drift") {
            drift.append(
                DriftedAttribute(
                    address: try entry.address("address"), attribute: try entry.string("attribute"),
                    recorded: entry.fields["recorded"], actual: entry.fields["actual"]))
        }
        var warnings: [Diagnostic] = []
        for entry in try current.objects("warnings") { warnings.append(try entry.diagnostic()) }
        let plan = Plan(
            stack: try current.string("stack"), environment: try current.string("environment"), changes: changes,
            drift: drift, warnings: warnings, priorLineage: try prior.string("lineage"),
            priorSerial: try prior.int("serial"))
        return SavedPlan(
            plan: plan, stateExisted: try prior.bool("exists", default: true),
            stateDigest: try prior.optionalString("sha256"))
    }

}
