import FleetformEngine
import FleetformModel
import Foundation
import Testing

/// Create-before-destroy: the old (deposed) object is journalled before the new one is created,
/// so a run that dies before deleting it leaves it in state, and the next apply deletes it.
@Suite struct DeposedObjectTests {
    static let region = ProviderConfig(region: "us-east-1")
    static let template = ResourceAddress(type: "aws_launch_template", name: "t")

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("deposed-\(UUID().uuidString)").path
    }

    /// The prior state (old template `lt-old`) and a plan replacing it create-before-destroy.
    func replacement() -> (State, Plan) {
        let old = ResourceState(
            address: Self.template, provider: Self.region, id: "lt-old", attributes: ["name": "old"])
        let state = State(serial: 3, lineage: "l", stack: "s", environment: "dev", resources: [old.address: old])
        let desired = ManifestResource(address: Self.template, provider: Self.region, attributes: ["name": "new"])
        let change = PlannedChange(
            address: Self.template, provider: Self.region, action: .createThenDelete, before: old.attributes,
            after: desired.attributes, desired: desired)
        return (state, Plan(stack: "s", environment: "dev", changes: [change], priorLineage: "l", priorSerial: 3))
    }

    @Test func aRunThatDiesBeforeDeletingTheOldObjectLeavesItInStateAndTheNextDeletesIt() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (state, plan) = replacement()
        // The delete of the old object never happens (the process dies there; here it fails).
        let dying = RecordingProvider(failing: ["delete aws_launch_template.t"])
        let journal = FileJournal(path: path)
        let executor = Executor(parallelism: 2, ownershipTags: { _ in [:] })
        let outcome = await executor.apply(plan, to: state, provider: dying, journal: journal)
        await journal.close()
        #expect(!outcome.succeeded)
        #expect(outcome.state.deposed.map(\.id) == ["lt-old"])

        // What a crashed run leaves: the journal alone, replayed onto the stored state.
        let entries = try FileJournal.read(path: path)
        guard case .deposed(let journalled)? = entries.first else {
            Issue.record("the first entry is not the deposed object: \(entries)")
            return
        }
        #expect(journalled.id == "lt-old")
        #expect(entries.dropFirst().first?.request?.address == Self.template)  // then the create's intent
        let (recovered, pending) = JournalReplay.apply(entries, to: state)
        #expect(pending.isEmpty)
        let newID = try #require(recovered.resources[Self.template]?.id)
        #expect(newID != "lt-old")
        #expect(recovered.deposed.map(\.id) == ["lt-old"])

        // The state file keeps the deposed object.
        let decoded = try StateFile.decode(StateFile.encode(recovered), file: "dev.json")
        #expect(decoded.deposed == recovered.deposed)
        #expect(String(decoding: StateFile.encode(recovered), as: UTF8.self).contains("\"deposed\""))

        // The next apply deletes it and journals the delete (the intent's matching result).
        let workspace = Workspace(
            backend: LocalStateBackend(root: temporaryPath()), stack: "s", environment: "dev", journalPath: path)
        let healthy = RecordingProvider()
        let next = FileJournal(path: path)
        let cleaned = await workspace.deleteDeposed(recovered, provider: healthy, journal: next)
        await next.close()
        #expect(cleaned.failures.isEmpty)
        #expect(cleaned.state.deposed.isEmpty)
        #expect(cleaned.state.resources[Self.template]?.id == newID)
        #expect(healthy.calls == ["delete aws_launch_template.t"])
        let replayed = JournalReplay.apply(try FileJournal.read(path: path), to: state).state
        #expect(replayed.deposed.isEmpty)
        #expect(replayed.resources[Self.template]?.id == newID)
    }

    @Test func aReplacementWhoseCreateNeverHappenedDeposesNothing() async throws {
        let (state, _) = replacement()
        let old = state.resources[Self.template]!
        let intent = JournalEntry.intent(
            ResourceRequest(
                address: Self.template, provider: Self.region, attributes: ["name": "new"], ownershipTags: [:],
                idempotencyToken: "t"))
        let (recovered, pending) = JournalReplay.apply([.deposed(old), intent], to: state)
        #expect(pending.map(\.address) == [Self.template])
        #expect(recovered.deposed.isEmpty)  // the old object is still the live one
        #expect(recovered.resources[Self.template]?.id == "lt-old")
    }

    @Test func aFailedDeleteKeepsTheDeposedObjectForTheNextRun() async throws {
        let (state, _) = replacement()
        var withDeposed = state
        withDeposed.resources[Self.template]?.id = "lt-new"
        withDeposed.deposed = [state.resources[Self.template]!]
        let workspace = Workspace(
            backend: LocalStateBackend(root: temporaryPath()), stack: "s", environment: "dev",
            journalPath: temporaryPath())
        let cleaned = await workspace.deleteDeposed(
            withDeposed, provider: RecordingProvider(failing: ["delete aws_launch_template.t"]),
            journal: MemoryJournal())
        #expect(cleaned.failures.map(\.resource.id) == ["lt-old"])
        #expect(cleaned.state.deposed.map(\.id) == ["lt-old"])
    }
}
