import FleetformEngine
import FleetformModel
import Testing

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

    @Test func futureManifestIsRefused() {
        let error = #expect(throws: FileFormatError.self) {
            try ManifestFile.decode(Array(#"{"format_version": 3}"#.utf8), file: "m.json")
        }
        #expect(
            error?.message.hasPrefix("m.json is a manifest file of version 3, which was written by a newer Fleetform")
                == true)
    }
}
