import FleetformEngine
import FleetformModel
import Testing

struct PlanFileTests {
    static func planned() throws -> (Plan, State) {
        let state = Fixtures.state([
            Fixtures.recorded("aws_vpc.core", id: "vpc-1", ["cidr_block": "10.40.0.0/16"]),
            Fixtures.recorded(
                "aws_subnet.gone", id: "subnet-9", ["cidr_block": "10.40.9.0/24"], dependencies: ["aws_vpc.core"]),
        ])
        let manifest = Fixtures.manifest([
            Fixtures.declared("aws_vpc.core", ["cidr_block": "10.50.0.0/16"], line: 3),
            Fixtures.declared(
                "aws_subnet.a", ["vpc_id": Fixtures.ref("aws_vpc.core.id"), "empty": [:]], sensitive: ["empty"], line: 4
            ),
        ])
        var plan = try Planner().plan(manifest: manifest, state: state, schemas: Fixtures.schemas)
        plan.drift = [
            DriftedAttribute(
                address: Fixtures.address("aws_vpc.core"), attribute: "tags", recorded: nil, actual: ["x": "y"])
        ]
        plan.warnings = [
            Diagnostic(.warning, "something", hint: "do this", at: SourceLocation(file: "a.swift", line: 2))
        ]
        return (plan, state)
    }

    @Test func roundTripsThePlanAndItsBinding() throws {
        let (plan, state) = try Self.planned()
        let saved = SavedPlan(plan: plan, priorState: state)
        let decoded = try PlanFile.decode(PlanFile.encode(saved), file: "dev.plan")
        #expect(decoded == saved)
        #expect(decoded.stateDigest == StateFile.digest(of: state))
        try decoded.verify(against: state, stack: "training", environment: "dev", file: "dev.plan")
    }

    /// A plan with a pool rollout saves it (format 2, so an older Fleetform refuses the file
    /// instead of applying the plan without its rollout) and reads it back whole.
    @Test func roundTripsARolloutAsFormatTwo() throws {
        var (plan, state) = try Self.planned()
        let plain = PlanFile.encode(SavedPlan(plan: plan, priorState: state))
        #expect(String(decoding: plain, as: UTF8.self).contains("\"format_version\": 1"))
        plan.rollouts = [
            PlannedRollout(
                record: StateFileRolloutTests.record(.blueGreen(bakeSeconds: 600)), replaces: plan.changes,
                resuming: true, overlapNodeHours: 1.5, instanceType: "g6.2xlarge")
        ]
        let saved = SavedPlan(plan: plan, priorState: state)
        let bytes = PlanFile.encode(saved)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"format_version\": 2"))
        let decoded = try PlanFile.decode(bytes, file: "dev.plan")
        #expect(decoded == saved)
        #expect(decoded.plan.rollouts.first?.replaces.count == plan.changes.count)
    }

    @Test func staleSerialIsRefused() throws {
        let (plan, state) = try Self.planned()
        let saved = SavedPlan(plan: plan, priorState: state)
        var moved = state
        moved.serial += 1
        let error = #expect(throws: FileFormatError.self) {
            try saved.verify(against: moved, stack: "training", environment: "dev", file: "dev.plan")
        }
        #expect(error?.kind == .stalePlan)
        #expect(
            error?.message
                == "dev.plan is stale: it was made against state serial 3, but the state is now at serial 4 "
                + "(something was applied since); make a new plan with 'fleetform plan --out dev.plan' and apply that")
    }

    @Test func changedContentAtTheSameSerialIsRefused() throws {
        let (plan, state) = try Self.planned()
        let saved = SavedPlan(plan: plan, priorState: state)
        var edited = state
        edited.resources[Fixtures.address("aws_vpc.core")]!.id = "vpc-2"
        let error = #expect(throws: FileFormatError.self) {
            try saved.verify(against: edited, stack: "training", environment: "dev", file: "dev.plan")
        }
        #expect(error?.kind == .stalePlan)
    }

    @Test func foreignLineageStackOrEnvironmentIsRefused() throws {
        let (plan, state) = try Self.planned()
        let saved = SavedPlan(plan: plan, priorState: state)
        var other = state
        other.lineage = "another"
        #expect(throws: FileFormatError.self) {
            try saved.verify(against: other, stack: "training", environment: "dev", file: "dev.plan")
        }
        let error = #expect(throws: FileFormatError.self) {
            try saved.verify(against: state, stack: "training", environment: "prod", file: "dev.plan")
        }
        #expect(error?.kind == .foreignPlan)
        #expect(error?.message.contains("pass --stack training --env dev") == true)
    }

    @Test func planMadeWithoutStateNeedsStillNoState() throws {
        let manifest = Fixtures.manifest([Fixtures.declared("aws_vpc.core", ["cidr_block": "10.0.0.0/16"])])
        let empty = State(lineage: "new", stack: "training", environment: "dev")
        let plan = try Planner().plan(manifest: manifest, state: empty, schemas: Fixtures.schemas)
        let saved = try PlanFile.decode(PlanFile.encode(SavedPlan(plan: plan, priorState: nil)), file: "p")
        #expect(saved.stateExisted == false)
        try saved.verify(against: nil, stack: "training", environment: "dev", file: "p")
        #expect(throws: FileFormatError.self) {
            try saved.verify(against: empty, stack: "training", environment: "dev", file: "p")
        }
    }

    @Test func futureAndCorruptPlansAreRefused() {
        let future = #expect(throws: FileFormatError.self) {
            try PlanFile.decode(Array(#"{"format_version": 3}"#.utf8), file: "p.plan")
        }
        #expect(future?.kind == .unsupportedVersion)
        let corrupt = #expect(throws: FileFormatError.self) { try PlanFile.decode(Array("{]".utf8), file: "p.plan") }
        #expect(corrupt?.kind == .corrupt)
        #expect(corrupt?.message.hasSuffix("make a new plan with 'fleetform plan --out FILE'") == true)
    }
}
