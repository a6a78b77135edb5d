import FleetformEngine
import FleetformModel
import Foundation
import Testing

@Suite struct FileJournalTests {
    let region = ProviderConfig(region: "us-east-1")

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path
    }

    @Test func replayAppliesResultsAndKeepsUnresolvedIntents() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = FileJournal(path: path)
        let a = ResourceAddress(type: "aws_vpc", name: "a")
        let b = ResourceAddress(type: "aws_vpc", name: "b")
        try await journal.recordIntent(
            ResourceRequest(
                address: a, provider: region, attributes: ["cidr_block": "10.0.0.0/16"], ownershipTags: [:],
                idempotencyToken: "t-a"))
        try await journal.recordResource(
            ResourceState(address: a, provider: region, id: "vpc-a", attributes: ["cidr_block": "10.0.0.0/16"]))
        try await journal.recordIntent(
            ResourceRequest(
                address: b, provider: region, attributes: [:], ownershipTags: ["k": "v"], idempotencyToken: "t-b"))
        await journal.close()
        let entries = try FileJournal.read(path: path)
        #expect(entries.count == 3)
        let (state, pending) = JournalReplay.apply(entries, to: State(lineage: "l", stack: "s", environment: "dev"))
        #expect(state.resources[a]?.id == "vpc-a")
        #expect(pending.map(\.address) == [b])
        #expect(pending.first?.idempotencyToken == "t-b")
        #expect(pending.first?.ownershipTags == ["k": "v"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func tornLastLineIsIgnoredButCorruptionElsewhereIsAnError() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let good = #"{"deleted":{"address":"aws_vpc.a","id":"vpc-1"}}"#
        try (good + "\n" + #"{"resou"#).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try FileJournal.read(path: path).count == 1)
        try ("garbage\n" + good + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: JournalError.self) { try FileJournal.read(path: path) }
    }

    @Test func theJournalCarriesItsFormatVersionAndRefusesAnUnknownOne() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = FileJournal(path: path)
        let a = ResourceAddress(type: "aws_vpc", name: "a")
        try await journal.recordDeletion(a, id: "vpc-1")
        try await journal.recordResource(ResourceState(address: a, provider: region, id: "vpc-2", attributes: ["x": 1]))
        await journal.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first == #"{"format_version":2}"#)
        #expect(lines[1] == #"{"address":"aws_vpc.a","id":"vpc-1","kind":"deleted"}"#)
        #expect(
            try FileJournal.read(path: path) == [
                .deleted(address: a, id: "vpc-1"),
                .resource(ResourceState(address: a, provider: region, id: "vpc-2", attributes: ["x": 1])),
            ])

        // Fleetform 0.1 wrote no header and the synthesized Codable form: it still reads.
        let legacy = #"{"deleted":{"address":"aws_vpc.a","id":"vpc-1"}}"# + "\n"
        try legacy.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FileJournal.read(path: path) == [.deleted(address: a, id: "vpc-1")])

        try (#"{"format_version":3}"# + "\n" + legacy).write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try FileJournal.read(path: path)
        } throws: { error in
            "\(error)".contains("format_version 3; this Fleetform reads versions 1 and 2")
        }

        try (#"{"format_version":2}"# + "\n" + #"{"kind":"exploded"}"# + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try FileJournal.read(path: path)
        } throws: { error in
            "\(error)".contains("corrupt at line 2")
        }
    }

    @Test func deletionOnlyRemovesTheSameObject() {
        let a = ResourceAddress(type: "aws_vpc", name: "a")
        let state = State(
            lineage: "l", stack: "s", environment: "dev",
            resources: [a: ResourceState(address: a, provider: region, id: "vpc-new", attributes: [:])])
        let (after, _) = JournalReplay.apply([.deleted(address: a, id: "vpc-old")], to: state)
        #expect(after.resources[a]?.id == "vpc-new")
    }
}
