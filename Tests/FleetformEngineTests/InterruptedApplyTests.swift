import FleetformEngine
import FleetformModel
import Foundation
import Synchronization
import Testing

/// Ctrl-C semantics of the executor, driven by hand (no sleeps): a stop lets the calls in flight
/// finish; cancelling abandons them, and an abandoned create is in doubt, never failed; a
/// create answered "already exists" adopts what its ownership tags say is its own.
@Suite struct InterruptedApplyTests {
    struct AlreadyThere: Error, CustomStringConvertible {
        var description: String { "InvalidGroup.Duplicate: the group already exists" }
    }

    static let state = State(lineage: "l", stack: "s", environment: "dev")

    func buckets(_ count: Int) -> Plan {
        let changes = (0..<count).map { ExecutorTests.create(ExecutorTests.resource("aws_s3_bucket.b\($0)")) }
        return Plan(stack: "s", environment: "dev", changes: changes, priorLineage: "l", priorSerial: 0)
    }

    /// Waits (yielding) until `condition` holds.
    func until(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    @Test func aStopLetsTheCallsInFlightFinishAndStartsNothingMore() async {
        let provider = GatedProvider()
        let stop = StopSignal()
        let executor = Executor(parallelism: 3, ownershipTags: { _ in [:] })
        let plan = buckets(10)
        let task = Task {
            await executor.apply(plan, to: Self.state, provider: provider, journal: MemoryJournal(), stop: stop)
        }
        await until { provider.startedCount == 1 }
        provider.releaseAll()  // the first call goes alone; then three at once
        await until { provider.startedCount == 4 }
        stop.request()
        provider.releaseAll()
        let outcome = await task.value
        #expect(outcome.interrupted && outcome.failures.isEmpty && outcome.inDoubt.isEmpty)
        #expect(outcome.state.resources.count == 4)
        #expect(outcome.skipped.count == 6)
        #expect(!outcome.succeeded)
    }

    @Test func cancellingAbandonsCreatesAsInDoubtNotFailed() async throws {
        let provider = GatedProvider()
        let stop = StopSignal()
        let executor = Executor(parallelism: 3, ownershipTags: { _ in ["fleetform:stack": "s"] })
        let dependent = ExecutorTests.create(
            ExecutorTests.resource("aws_s3_bucket_versioning.b0", ["bucket": ExecutorTests.ref("aws_s3_bucket.b0.id")]))
        let plan = Plan(
            stack: "s", environment: "dev", changes: buckets(3).changes + [dependent], priorLineage: "l", priorSerial: 0
        )
        let journal = MemoryJournal()
        let events = Mutex<[ApplyEvent]>([])
        let task = Task {
            await executor.apply(
                plan, to: Self.state, provider: provider, journal: journal, stop: stop,
                events: { event in events.withLock { $0.append(event) } })
        }
        await until { provider.startedCount == 1 }
        stop.request()
        task.cancel()
        let outcome = await task.value
        #expect(outcome.failures.isEmpty, "\(outcome.failures.map(\.message))")
        #expect(outcome.inDoubt.map(\.address.description) == ["aws_s3_bucket.b0"])
        #expect(outcome.inDoubt.first?.ownershipTags == ["fleetform:stack": "s"])
        #expect(outcome.interrupted && !outcome.succeeded)
        #expect(events.withLock { $0 }.contains(.inDoubt(ExecutorTests.address("aws_s3_bucket.b0"))))
        // What depends on it waits; the intent stays journalled for the next run.
        #expect(outcome.skipped.map(\.address.description).contains("aws_s3_bucket_versioning.b0"))
        #expect(await journal.entries == ["intent aws_s3_bucket.b0"])
    }

    @Test func aCreateAnsweredAlreadyExistsAdoptsOnlyWhatIsItsOwn() async {
        let provider = GatedProvider(answerAlreadyExists: true)
        let mine = ExecutorTests.address("aws_s3_bucket.b0")
        provider.existing.withLock {
            $0[mine] = ResourceState(
                address: mine, provider: ProviderConfig(region: "us-east-1"), id: "found-b0", attributes: [:])
        }
        let executor = Executor(
            parallelism: 2, ownershipTags: { _ in ["fleetform:stack": "s", "fleetform:env": "dev"] },
            alreadyExists: { $0 is AlreadyThere })
        let outcome = await executor.apply(buckets(2), to: Self.state, provider: provider, journal: MemoryJournal())
        #expect(outcome.state.resources[mine]?.id == "found-b0")
        #expect(outcome.failures.map(\.operation.address.description) == ["aws_s3_bucket.b1"])
        let message = outcome.failures.first?.message ?? ""
        #expect(
            message.contains("InvalidGroup.Duplicate") && message.contains("not aws_s3_bucket.b1 of s/dev"),
            "\(message)")
    }

    /// The adopted record keeps what the declaration gave it (dependencies, lifecycle, masking,
    /// usage): without its dependencies, destroy deleted a role policy and its role at once, and
    /// the role's own policy removal found nothing and skipped the role.
    @Test func inDoubtCreatesSurviveInTheJournalAndTheNextLoadAdoptsThem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ff-doubt-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workspace = Workspace(
            backend: LocalStateBackend(root: directory + "/state"), stack: "s", environment: "dev",
            journalPath: directory + "/journal/s/dev.jsonl")
        let address = ExecutorTests.address("aws_s3_bucket.b0")
        let request = ResourceRequest(
            address: address, provider: ProviderConfig(region: "us-east-1"), attributes: [:],
            ownershipTags: ["fleetform:address": address.description], idempotencyToken: "t-1",
            declared: DeclaredMetadata(
                dependencies: [ExecutorTests.address("aws_iam_role.replication")],
                lifecycle: Lifecycle(preventDestroy: true), sensitive: ["policy"], usage: ["stored_tb": 2]))
        _ = try workspace.openJournal()
        try await workspace.persist(Self.state, inDoubt: [request])
        #expect(try FileJournal.read(path: workspace.journalPath) == [.intent(request)])

        let provider = GatedProvider()
        provider.existing.withLock {
            $0[address] = ResourceState(
                address: address, provider: request.provider, id: "made-before", attributes: [:])
        }
        let adopted = Mutex<[ApplyEvent]>([])
        let (state, existed) = try await workspace.load(
            provider: provider, events: { e in adopted.withLock { $0.append(e) } })
        #expect(existed && state.resources[address]?.id == "made-before")
        #expect(state.resources[address]?.declared == request.declared)
        #expect(adopted.withLock { $0 } == [.adopted(address, id: "made-before")])
        #expect(try FileJournal.read(path: workspace.journalPath).isEmpty)
    }
}
