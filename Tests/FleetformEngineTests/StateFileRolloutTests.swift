import FleetformModel
import Testing

@testable import FleetformEngine

/// The state file's version 2: the `rollouts` section, and what older readers make of it.
struct StateFileRolloutTests {
    /// A record with every field set: both strategies' policy fields, a rolling-back status with a
    /// reason, a declared companion, a created green resource and two observations.
    static func record(_ strategy: RolloutStrategy = .canary(steps: [10, 50], pauseSeconds: 300)) -> RolloutRecord {
        RolloutRecord(
            group: Fixtures.address("module.serving.aws_autoscaling_group.servers"),
            launchTemplate: Fixtures.address("module.serving.aws_launch_template.servers"), generation: 3,
            policy: RolloutPolicy(strategy: strategy, surge: 2, alarms: ["ranking-5xx"], inServiceTimeoutSeconds: 450),
            desired: 6, surge: 2,
            phases: RolloutPlanner.phases(strategy, desired: 6, surge: 2), completed: 2, status: .rollingBack,
            reason: "gate 'alarm': 'ranking-5xx' in ALARM",
            declared: [
                Fixtures.declared(
                    "module.serving.aws_launch_template.servers", ["name": "servers-g3", "image_id": "ami-2"]),
                Fixtures.declared(
                    "module.serving.aws_autoscaling_group.servers",
                    ["name": "servers-g3", "desired_capacity": 6, "tags": ["team": "ranking"]],
                    dependsOn: ["module.serving.aws_launch_template.servers"], line: 12),
            ],
            green: [
                Fixtures.recorded("module.serving.aws_launch_template.servers", id: "lt-3", ["name": "servers-g3"])
            ],
            observations: [
                RolloutObservation(phase: 0, blueInService: 6, greenInService: 1, desired: 6, surge: 2),
                RolloutObservation(phase: 1, blueInService: 5, greenInService: 1, desired: 6, surge: 2),
            ])
    }

    static func stateWithRollouts() -> State {
        var state = StateFileTests.sampleState()
        for record in [record(), record(.blueGreen(bakeSeconds: 600))].enumerated().map({ index, record in
            var record = record
            record.group = Fixtures.address("aws_autoscaling_group.pool\(index)")
            return record
        }) {
            state.rollouts[record.group] = record
        }
        return state
    }

    @Test func rolloutRecordsRoundTripThroughTheStateFile() throws {
        let state = Self.stateWithRollouts()
        let bytes = StateFile.encode(state)
        let decoded = try StateFile.decode(bytes, file: "prod.json")
        #expect(decoded.rollouts == state.rollouts)
        #expect(decoded == state)
        #expect(StateFile.encode(decoded) == bytes)
    }

    @Test func rolloutRecordRoundTripsThroughTheJournal() throws {
        let record = Self.record(.blueGreen(bakeSeconds: 600))
        let line = FileJournal.line(.rollout(record))
        let read = try FileJournal.entries(in: FileJournal.header + line, path: "j.jsonl")
        #expect(read == [.rollout(record)])
    }

    @Test func writesVersion2WhichAVersion1ReaderRefuses() throws {
        let bytes = StateFile.encode(Self.stateWithRollouts())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"version\": 2\n}"))
        #expect(text.contains("\"rollouts\": ["))
        // What a Fleetform that reads version 1 checks first, before it reads any field.
        let document = try StoredDocument.parse(bytes, kind: .state, file: "prod.json")
        let error = #expect(throws: FileFormatError.self) { try document.version(supported: 1) }
        #expect(error?.kind == .unsupportedVersion)
        #expect(
            error?.message
                == "prod.json is a state file of version 2, which was written by a newer Fleetform; install a "
                + "release that reads version 2 (this one reads version 1 and older)")
    }

    @Test func readsVersion1AndWritesItBackAsVersion2() throws {
        let json = """
            {"version": 1, "serial": 4, "lineage": "l", "stack": "inference", "environment": "prod",
             "resources": [{"address": "aws_vpc.core", "provider": {"region": "us-east-1"}, "id": "vpc-1"}]}
            """
        let state = try StateFile.decode(Array(json.utf8), file: "prod.json")
        #expect(state.rollouts.isEmpty)
        #expect(state.resources.keys.map(\.description) == ["aws_vpc.core"])
        let written = String(decoding: StateFile.encode(state), as: UTF8.self)
        #expect(written.contains("\"version\": 2\n}"))
        #expect(try StateFile.decode(Array(written.utf8), file: "prod.json") == state)
    }

    @Test func anUnknownRolloutStatusIsRefusedNamingTheField() {
        var text = String(decoding: StateFile.encode(Self.stateWithRollouts()), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"rolling_back\"", with: "\"paused\"")
        let error = #expect(throws: FileFormatError.self) { try StateFile.decode(Array(text.utf8), file: "prod.json") }
        #expect(error?.kind == .invalidField)
        #expect(error?.message.contains("rollouts[0].status should be running, rolling_back") == true)
    }
}
