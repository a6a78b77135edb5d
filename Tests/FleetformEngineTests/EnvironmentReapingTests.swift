import FleetformEngine
import FleetformModel
import Foundation
import Testing

/// `ReapPolicy` (expiry verdicts, what a reap keeps), `OrphanSweep`, and the backend calls
/// reaping needs (`stacks`, `delete`).
struct EnvironmentReapingTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    func state(
        environment: String = "pr-1", expiresAt: String? = nil, isProduction: Bool? = nil,
        _ resources: [ResourceState] = []
    ) -> State {
        var state = Fixtures.state(resources)
        state.environment = environment
        state.metadata = EnvironmentMetadata(expiresAt: expiresAt, isProduction: isProduction)
        return state
    }

    @Test func verdictsFollowTheExpiryAndNeverTouchProduction() {
        let policy = ReapPolicy(now: Self.now)
        let past = Self.now.addingTimeInterval(-60).rfc3339
        let future = Self.now.addingTimeInterval(3600).rfc3339
        #expect(policy.verdict(for: state(expiresAt: past)) == .expired(since: Date(rfc3339: past)!))
        #expect(policy.verdict(for: state(expiresAt: future)) == .live(until: Date(rfc3339: future)!))
        #expect(policy.verdict(for: state()) == .noExpiry)
        #expect(policy.verdict(for: state(expiresAt: past, isProduction: true)) == .production)
        // A state written before the production flag existed is still protected by its name.
        #expect(policy.verdict(for: state(environment: "prod", expiresAt: past)) == .production)
        #expect(policy.verdict(for: state(expiresAt: "tomorrow")) == .unreadableExpiry("tomorrow"))
        // Expiring exactly now counts as expired.
        #expect(policy.verdict(for: state(expiresAt: Self.now.rfc3339)) == .expired(since: Self.now))
    }

    @Test func preventDestroyKeepsTheResourceAndWhatItUses() {
        let keep = Lifecycle(preventDestroy: true)
        let recorded = state([
            Fixtures.recorded("aws_vpc.core", id: "vpc-1"),
            Fixtures.recorded("aws_subnet.a", id: "subnet-1", dependencies: ["aws_vpc.core"]),
            Fixtures.recorded("aws_s3_bucket.datasets", id: "b-1", lifecycle: keep),
            Fixtures.recorded("aws_iam_role.replication", id: "r-1"),
            Fixtures.recorded(
                "aws_s3_bucket_versioning.datasets", id: "b-1",
                dependencies: ["aws_s3_bucket.datasets", "aws_iam_role.replication"],
                lifecycle: keep),
            Fixtures.recorded(
                "aws_autoscaling_group.trainers", id: "g-1", dependencies: ["aws_subnet.a", "aws_missing.gone"]),
        ])
        let kept = ReapPolicy.protected(in: recorded)
        #expect(
            kept
                == Set(
                    ["aws_s3_bucket.datasets", "aws_s3_bucket_versioning.datasets", "aws_iam_role.replication"].map(
                        Fixtures.address)))
        #expect(ReapPolicy.protected(in: state([Fixtures.recorded("aws_vpc.core", id: "vpc-1")])).isEmpty)
    }

    func found(_ type: String, _ id: String, stack: String? = "preview", env: String = "pr-9", address: String? = nil)
        -> CloudResource
    {
        var tags = ["fleetform:env": env, "Name": id]
        if let stack { tags["fleetform:stack"] = stack }
        if let address { tags["fleetform:address"] = address }
        return CloudResource(type: type, id: id, region: "us-east-1", tags: tags)
    }

    @Test func orphansAreTaggedResourcesNoStateRecords() {
        var known = state([Fixtures.recorded("aws_vpc.core", id: "vpc-1")])
        known.stack = "preview"
        let inventory = [
            found("aws_vpc", "vpc-1"), found("aws_vpc", "vpc-2"), found("aws_subnet", "subnet-9"),
            found("aws_vpc", "vpc-3", stack: "training"), found("aws_vpc", "vpc-4", stack: nil),
        ]
        #expect(OrphanSweep.orphans(in: inventory, states: [known]).map(\.id) == ["subnet-9", "vpc-2", "vpc-3"])
        #expect(OrphanSweep.orphans(in: inventory, states: [known], stack: "training").map(\.id) == ["vpc-3"])
        #expect(OrphanSweep.orphans(in: inventory, states: []).count == 4)
    }

    @Test func orphansAreDeletedInWavesUnderTheirTaggedAddress() {
        let rank: (String) -> Int = { ["aws_autoscaling_group": 0, "aws_subnet": 1, "aws_vpc": 2][$0] ?? 1 }
        let orphans = [
            found("aws_vpc", "vpc-2"), found("aws_subnet", "s-1"), found("aws_autoscaling_group", "g"),
            found("aws_subnet", "s-2"),
        ]
        #expect(OrphanSweep.waves(orphans, rank: rank).map { $0.map(\.id) } == [["g"], ["s-1", "s-2"], ["vpc-2"]])
        // The stack's log bucket goes after everything that may still log into it, a VPC too.
        let withLogs =
            [
                found("aws_s3_bucket", "logs", address: "aws_s3_bucket.fleetform_logs"),
                found("aws_s3_bucket", "data", address: "aws_s3_bucket.data"),
            ] + orphans
        #expect(
            OrphanSweep.waves(withLogs, rank: rank).map { $0.map(\.id) }
                == [["g"], ["data", "s-1", "s-2"], ["vpc-2"], ["logs"]])

        let tagged = OrphanSweep.deletable(found("aws_subnet", "s-1", address: "aws_subnet.core[\"us-east-1a\"]"))
        #expect(tagged.address.description == "aws_subnet.core[\"us-east-1a\"]")
        #expect(tagged.id == "s-1" && tagged.provider.region == "us-east-1")
        // An address tag of another type (edited by hand) is not trusted.
        #expect(
            OrphanSweep.deletable(found("aws_vpc", "vpc-2", address: "aws_subnet.x")).address.description
                == "aws_vpc.orphan")
    }

    @Test func backendListsStacksAndRemovesOnlyEmptyStates() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path)
        var full = state([Fixtures.recorded("aws_vpc.core", id: "vpc-1")])
        full.serial = 1
        try await backend.write(full)
        #expect(try await backend.stacks() == ["training"])

        await #expect(throws: StateBackendError.self) {
            try await backend.delete(stack: "training", environment: "pr-1")
        }
        #expect(try await backend.read(stack: "training", environment: "pr-1") != nil)

        var empty = full
        empty.serial = 2
        empty.resources = [:]
        try await backend.write(empty)
        try await backend.delete(stack: "training", environment: "pr-1")
        #expect(try await backend.read(stack: "training", environment: "pr-1") == nil)
        #expect(try await backend.list(stack: "training") == [])
        #expect(try await backend.stacks() == [])
        // The last version stays recoverable.
        #expect(scratch.contents("training/pr-1.json.backup") != nil)
        // Removing what is not there is not an error.
        try await backend.delete(stack: "training", environment: "pr-1")
    }
}
