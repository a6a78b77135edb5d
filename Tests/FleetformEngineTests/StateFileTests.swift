import FleetformEngine
import FleetformModel
import Foundation
import Testing

struct StateFileTests {
    static func sampleState() -> State {
        var state = Fixtures.state([
            Fixtures.recorded(
                "aws_vpc.core", id: "vpc-1",
                [
                    "cidr_block": "10.40.0.0/16",
                    "tags": ["Name": "core", "quote\"d": "line\nbreak", "ctl": "a\u{01}\t\\b\r"],
                    "enable_dns_support": true, "ratio": 0.25, "nothing": nil, "zones": ["a", 1, ["nested": false]],
                ]),
            Fixtures.recorded(
                "module.training.aws_subnet.az[\"use1-az1\"]", id: "subnet-1", ["vpc_id": "vpc-1", "emoji": "🚀é"],
                dependencies: ["aws_vpc.core"],
                lifecycle: Lifecycle(preventDestroy: true, createBeforeDestroy: true, ignoreChanges: ["tags"])),
        ])
        state.metadata = EnvironmentMetadata(
            createdAt: "2026-11-21T12:00:00Z", expiresAt: "2026-11-28T12:00:00Z", isProduction: false)
        state.resources[Fixtures.address("aws_vpc.core")]!.sensitive = ["tags"]
        state.resources[Fixtures.address("aws_vpc.core")]!.usage = ["stored_tb": 1.5]
        return state
    }

    @Test func roundTripsEveryField() throws {
        let state = Self.sampleState()
        let decoded = try StateFile.decode(StateFile.encode(state), file: "dev.json")
        #expect(decoded == state)
    }

    @Test func outputIsDeterministicSortedAndVersioned() throws {
        let bytes = StateFile.encode(Self.sampleState())
        #expect(bytes == StateFile.encode(Self.sampleState()))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"environment\": \"dev\",\n  \"lineage\": \"6f1c2d9e-lineage\",\n"))
        #expect(text.contains("\"version\": 2\n}"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let addresses = (object["resources"] as? [[String: Any]])?.compactMap { $0["address"] as? String }
        #expect(addresses == ["aws_vpc.core", "module.training.aws_subnet.az[\"use1-az1\"]"])
        #expect(object["serial"] as? Int == 3)
    }

    @Test func readsWhatFoundationWrites() throws {
        let json = """
            {"version":1,"serial":7,"lineage":"l","stack":"s","environment":"e",
             "resources":[{"address":"aws_s3_bucket.b","type":"aws_s3_bucket","provider":{"region":"eu-west-1"},
             "id":"b","attributes":{"n":1.5e3,"neg":-2,"s":"\\u00e9\\ud83d\\ude80\\t","empty":{},"l":[]}}]}
            """
        let state = try StateFile.decode(Array(json.utf8), file: "x.json")
        let bucket = try #require(state.resources[Fixtures.address("aws_s3_bucket.b")])
        #expect(bucket.attributes == ["n": 1500, "neg": -2, "s": "é🚀\t", "empty": [:], "l": []])
        #expect(bucket.provider == ProviderConfig(name: "aws", region: "eu-west-1"))
        #expect(state.serial == 7)
    }

    @Test func corruptFileNamesTheFileAndPosition() {
        let json = "{\n  \"version\": 1,\n  \"serial\": 2,,\n}"
        let error = #expect(throws: FileFormatError.self) {
            try StateFile.decode(Array(json.utf8), file: "state/dev.json")
        }
        #expect(error?.kind == .corrupt)
        #expect(
            error?.message
                == "state/dev.json is not a valid state file: expected a quoted key at line 3, column 15; it was left "
                + "unchanged; restore the previous version from 'state/dev.json.backup' (or version control) after "
                + "checking it, or fix the file by hand")
    }

    @Test func truncatedFileIsReportedAsTruncated() {
        let bytes = StateFile.encode(Self.sampleState())
        let error = #expect(throws: FileFormatError.self) {
            try StateFile.decode(bytes.prefix(bytes.count / 2), file: "dev.json")
        }
        #expect(error?.kind == .truncated)
        #expect(
            error?.message.hasPrefix("dev.json is truncated: its JSON ends unfinished after \(bytes.count / 2) bytes")
                == true)
    }

    @Test func emptyFileIsCorrupt() {
        let error = #expect(throws: FileFormatError.self) { try StateFile.decode([UInt8](), file: "dev.json") }
        #expect(error?.kind == .corrupt)
    }

    @Test func futureVersionIsRefusedWithWhatToDo() {
        let json = #"{"version": 3, "serial": 1, "future_field": {"x": 1}}"#
        let error = #expect(throws: FileFormatError.self) { try StateFile.decode(Array(json.utf8), file: "dev.json") }
        #expect(error?.kind == .unsupportedVersion)
        #expect(
            error?.message
                == "dev.json is a state file of version 3, which was written by a newer Fleetform; install a release "
                + "that reads version 3 (this one reads version 2 and older)")
    }

    @Test func versionIsCheckedBeforeOtherFields() {
        let json = #"{"version": 9, "resources": "not even a list"}"#
        let error = #expect(throws: FileFormatError.self) { try StateFile.decode(Array(json.utf8), file: "dev.json") }
        #expect(error?.kind == .unsupportedVersion)
    }

    @Test func missingOrZeroVersionIsRefused() {
        let missing = #expect(throws: FileFormatError.self) {
            try StateFile.decode(Array(#"{"serial": 1}"#.utf8), file: "dev.json")
        }
        #expect(missing?.kind == .unsupportedVersion)
        #expect(missing?.message.contains("has no numeric \"version\" field") == true)
        let zero = #expect(throws: FileFormatError.self) {
            try StateFile.decode(Array(#"{"version": 0}"#.utf8), file: "dev.json")
        }
        #expect(zero?.message.contains("was never written by any Fleetform") == true)
    }

    @Test func wrongFieldTypeNamesThePath() {
        let json =
            #"{"version":1,"serial":1,"lineage":"l","stack":"s","environment":"e","resources":[{"address":"aws_vpc.a","provider":{"region":"r"},"id":"v"},{"address":"nope","provider":{"region":"r"},"id":"v"}]}"#
        let error = #expect(throws: FileFormatError.self) { try StateFile.decode(Array(json.utf8), file: "dev.json") }
        #expect(error?.kind == .invalidField)
        #expect(
            error?.message.hasPrefix("dev.json: resources[1].address should be a resource address like TYPE.NAME")
                == true)
    }

    /// A big state is decoded on two threads: the result, and the first bad entry or repeated
    /// address in file order, are what one thread would give.
    @Test func bigStateDecodesInFileOrderOnTwoThreads() throws {
        let resources = (0..<2_500).map { n in
            Fixtures.recorded(
                "aws_s3_bucket.b\(n)", id: "b\(n)", ["n": .number(Double(n))],
                dependencies: n > 0 ? ["aws_s3_bucket.b\(n - 1)"] : [])
        }
        let state = Fixtures.state(resources)
        #expect(try StateFile.decode(StateFile.encode(state), file: "dev.json") == state)

        func entry(_ address: String) -> String { #"{"address":"\#(address)","provider":{"region":"r"},"id":"i"}"# }
        func decode(_ entries: [String]) -> FileFormatError? {
            let json =
                #"{"version":1,"serial":1,"lineage":"l","stack":"s","environment":"e","resources":["#
                + entries.joined(separator: ",") + "]}"
            return #expect(throws: FileFormatError.self) { try StateFile.decode(Array(json.utf8), file: "dev.json") }
        }
        var entries = (0..<2_500).map { entry("aws_vpc.v\($0)") }
        entries[2_300] = entry("nope")
        entries[2_400] = entry("nope either")
        #expect(decode(entries)?.message.hasPrefix("dev.json: resources[2300].address") == true)
        entries[10] = entry("bad")
        #expect(decode(entries)?.message.hasPrefix("dev.json: resources[10].address") == true)
        entries = (0..<2_500).map { entry("aws_vpc.v\($0)") }
        entries[2_000] = entry("aws_vpc.v3")
        #expect(decode(entries)?.message.hasPrefix("dev.json: resources[2000].address") == true)
    }

    @Test func digestChangesWithContent() {
        var state = Self.sampleState()
        let first = StateFile.digest(of: state)
        #expect(first.count == 64 && first == StateFile.digest(of: Self.sampleState()))
        state.resources[Fixtures.address("aws_vpc.core")]!.attributes["cidr_block"] = "10.41.0.0/16"
        #expect(StateFile.digest(of: state) != first)
    }

    @Test func largeStateRoundTrips() throws {
        var resources: [ResourceState] = []
        for i in 0..<2_000 {
            resources.append(
                Fixtures.recorded(
                    "aws_autoscaling_group.pool\(i)", id: "asg-\(i)",
                    [
                        "name": .string("pool-\(i)"), "desired_capacity": .number(Double(i % 7)), "max_size": 32,
                        "tags": ["fleetform:stack": "training", "fleetform:env": "dev", "team": "ml"],
                        "vpc_zone_identifier": ["subnet-1", "subnet-2"], "arn": .string("arn:aws:autoscaling:\(i)"),
                    ], dependencies: ["aws_vpc.core"]))
        }
        let state = Fixtures.state(resources)
        // Speed is measured by scripts/bench-plan on a release build, not here.
        let decoded = try StateFile.decode(StateFile.encode(state), file: "big.json")
        #expect(decoded == state)
    }
}

struct ManifestFileTests {
    @Test func roundTripsInDeclarationOrderWithReferences() throws {
        var resources = [
            Fixtures.declared("aws_vpc.core", ["cidr_block": "10.0.0.0/16"], line: 4),
            Fixtures.declared(
                "aws_subnet.a", ["vpc_id": Fixtures.ref("aws_vpc.core.id"), "later": .unknown],
                dependsOn: ["aws_vpc.core"],
                lifecycle: Lifecycle(ignoreChanges: ["tags"]), sensitive: ["x"], line: 9),
        ]
        resources[0].usage = ["stored_tb": 120]
        let manifest = Manifest(
            stack: "training", environment: "prod", region: "us-east-1", isProduction: true,
            resources: resources.reversed())
        let bytes = ManifestFile.encode(manifest)
        #expect(try ManifestFile.decode(bytes, file: "m.json") == manifest)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"$ref\": \"aws_vpc.core.id\""))
        #expect(text.contains("\"format_version\": 1"))
    }

    /// A manifest that declares pool rollouts keeps them (`synth` shows them, `plan --manifest`
    /// rolls out) and is format 2, so an older Fleetform refuses it instead of updating in place.
    @Test func keepsPoolRolloutsAsFormatTwo() throws {
        let rollouts = [
            PoolRollout(
                group: Fixtures.address("aws_autoscaling_group.p"),
                launchTemplate: Fixtures.address("aws_launch_template.p"),
                policy: RolloutPolicy(
                    strategy: .canary(steps: [10, 50], pauseSeconds: 300), surge: 2, alarms: ["p-5xx"],
                    inServiceTimeoutSeconds: 600)),
            PoolRollout(
                group: Fixtures.address("aws_autoscaling_group.q"),
                launchTemplate: Fixtures.address("aws_launch_template.q"),
                policy: RolloutPolicy(
                    strategy: .blueGreen(bakeSeconds: 600), surge: nil, alarms: [], inServiceTimeoutSeconds: 900)),
        ]
        let manifest = Manifest(
            stack: "inference", environment: "prod", region: "us-east-1", isProduction: true,
            resources: [Fixtures.declared("aws_vpc.core", ["cidr_block": "10.0.0.0/16"], line: 4)], rollouts: rollouts)
        let bytes = ManifestFile.encode(manifest)
        #expect(try ManifestFile.decode(bytes, file: "m.json") == manifest)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"format_version\": 2"))
    }

    @Test func futureManifestIsRefused() {
        let error = #expect(throws: FileFormatError.self) {
            try ManifestFile.decode(Array(#"{"format_version": 3}"#.utf8), file: "m.json")
        }
        #expect(
            error?.message.hasPrefix("m.json is a manifest file of version 3, which was written by a newer Fleetform")
                == true)
    }
}
