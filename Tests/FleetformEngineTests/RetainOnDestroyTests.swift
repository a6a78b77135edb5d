import FleetformEngine
import FleetformModel
import Testing

/// `Lifecycle.retainOnDestroy`: a destroy keeps such resources, and what they depend on, in the
/// cloud and in the state, saying so in a warning; `deleteRetained` deletes them too. The flag is
/// read from the declaration, else from the state, and survives the stored formats.
struct RetainOnDestroyTests {
    /// A log bucket (retained) with its policy (retained, depends on it), a data bucket's
    /// logging into it (not retained) and the data bucket.
    static func recorded(retained: Bool = true) -> [ResourceState] {
        var logs = Fixtures.recorded("aws_s3_bucket.logs", id: "logs-1", ["bucket": "logs-1"])
        var policy = Fixtures.recorded(
            "aws_s3_bucket_policy.logs", id: "logs-1", ["bucket": "logs-1"], dependencies: ["aws_s3_bucket.logs"])
        logs.lifecycle.retainOnDestroy = retained
        policy.lifecycle.retainOnDestroy = retained
        return [
            logs, policy,
            Fixtures.recorded("aws_s3_bucket.data", id: "data-1", ["bucket": "data-1"]),
            Fixtures.recorded(
                "aws_s3_bucket_logging.data", id: "data-1", ["bucket": "data-1", "target_bucket": "logs-1"],
                dependencies: ["aws_s3_bucket.data", "aws_s3_bucket.logs"]),
        ]
    }

    func plan(_ recorded: [ResourceState], _ options: PlanOptions, declared: [ManifestResource] = []) throws -> Plan {
        try Planner().plan(
            manifest: Fixtures.manifest(declared), state: Fixtures.state(recorded), schemas: Fixtures.schemas,
            options: options)
    }

    func actions(_ plan: Plan) -> [String: ChangeAction] {
        Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.address.description, $0.action) })
    }

    @Test func destroyKeepsTheRetainedAndSaysSo() throws {
        let plan = try plan(Self.recorded(), PlanOptions(destroy: true))
        #expect(
            actions(plan) == [
                "aws_s3_bucket.logs": .noOp, "aws_s3_bucket_policy.logs": .noOp, "aws_s3_bucket.data": .delete,
                "aws_s3_bucket_logging.data": .delete,
            ])
        #expect(
            plan.warnings.map(\.message) == [
                "destroy keeps 2 resource(s) retained on destroy, in the cloud and in the state: aws_s3_bucket.logs, aws_s3_bucket_policy.logs"
            ])
        #expect(plan.warnings.first?.hint?.contains("--delete-retained") == true)
        // Printed under its heading once: "Warning: destroy keeps …", not "Warning: warning: …".
        let text = PlanTextRenderer().render(plan)
        #expect(text.contains("\nWarning: destroy keeps 2 resource(s) retained on destroy"), "\(text)")
        #expect(!text.contains("warning:"))
    }

    @Test func whatARetainedResourceDependsOnIsKeptToo() throws {
        var recorded = Self.recorded(retained: false)
        // Only the policy is retained: the bucket it is attached to stays with it.
        recorded[1].lifecycle.retainOnDestroy = true
        let plan = try plan(recorded, PlanOptions(destroy: true))
        #expect(actions(plan)["aws_s3_bucket.logs"] == .noOp)
        #expect(actions(plan)["aws_s3_bucket.data"] == .delete)
    }

    @Test func deleteRetainedDeletesEverything() throws {
        let plan = try plan(Self.recorded(), PlanOptions(destroy: true, deleteRetained: true))
        #expect(plan.changes.allSatisfy { $0.action == .delete })
        #expect(plan.changes.count == 4)
        #expect(plan.warnings.isEmpty)
    }

    @Test func theDeclarationDecidesOverTheState() throws {
        // Declared without the flag now (the stack says the logs may go): deleted.
        var logs = Fixtures.declared("aws_s3_bucket.logs", ["bucket": "logs-1"], line: 3)
        logs.lifecycle.retainOnDestroy = false
        var policy = Fixtures.declared(
            "aws_s3_bucket_policy.logs", ["bucket": Fixtures.ref("aws_s3_bucket.logs.id")], line: 4)
        policy.lifecycle.retainOnDestroy = false
        let plan = try plan(Self.recorded(), PlanOptions(destroy: true), declared: [logs, policy])
        #expect(plan.changes.allSatisfy { $0.action == .delete })
    }

    @Test func aTargetedDestroyNamesOnlyTheRetainedItCovers() throws {
        let plan = try plan(
            Self.recorded(), PlanOptions(targets: [Fixtures.address("aws_s3_bucket.data")], destroy: true))
        // (The only warning is targeting's own.)
        #expect(!plan.warnings.contains { $0.message.contains("retained") }, "\(plan.warnings.map(\.message))")
        #expect(Set(plan.changes.map(\.address.description)) == ["aws_s3_bucket.data", "aws_s3_bucket_logging.data"])
    }

    @Test func theFlagSurvivesTheStoredFormats() throws {
        let state = Fixtures.state(Self.recorded())
        let decoded = try StateFile.decode(StateFile.encode(state), file: "state.json")
        #expect(decoded.resources[Fixtures.address("aws_s3_bucket.logs")]?.lifecycle.retainOnDestroy == true)
        #expect(decoded.resources[Fixtures.address("aws_s3_bucket.data")]?.lifecycle.retainOnDestroy == false)
        var logs = Fixtures.declared("aws_s3_bucket.logs", ["bucket": "logs-1"])
        logs.lifecycle.retainOnDestroy = true
        let manifest = try ManifestFile.decode(ManifestFile.encode(Fixtures.manifest([logs])), file: "m.json")
        #expect(manifest.resources.first?.lifecycle.retainOnDestroy == true)
    }
}
