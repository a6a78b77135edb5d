import FleetformAWS
import FleetformEngine
import FleetformModel
import FleetformS3State
import FleetformTestSupport
import Foundation
import Synchronization
import Testing

/// The S3 backend against moto on loopback with signature checking on: reads and writes with
/// lineage and serial refusal, versions kept, conditional-write locks, renewal, expiry takeover.
@Suite(.serialized) struct S3StateBackendTests {
    @Test func writesAreCheckedAndEveryVersionIsKept() async throws {
        try await withBucket { moto, client in
            let backend = S3StateBackend(bucket: "state", prefix: "/training/", region: "us-east-1", client: client)
            #expect(backend.location(stack: "training", environment: "dev") == "s3://state/training/dev.json")
            #expect(try await backend.read(stack: "training", environment: "dev") == nil)
            var first = sampleState(serial: 1, lineage: "L1", id: "vpc-1")
            try await backend.write(first)
            let stored = try #require(try await backend.read(stack: "training", environment: "dev"))
            #expect(stored.resources == first.resources)
            #expect(stored.metadata.createdAt != nil)
            first.metadata.createdAt = stored.metadata.createdAt
            try await backend.write(first)  // the same content again: nothing to do

            let stale = sampleState(serial: 1, lineage: "L1", id: "vpc-other")
            await #expect(throws: StateBackendError.staleSerial("s3://state/training/dev.json", stored: 1, writing: 1))
            {
                try await backend.write(stale)
            }
            let foreign = sampleState(serial: 9, lineage: "L2", id: "vpc-9")
            await #expect(
                throws: StateBackendError.lineageMismatch("s3://state/training/dev.json", stored: "L1", writing: "L2")
            ) {
                try await backend.write(foreign)
            }
            try await backend.write(sampleState(serial: 2, lineage: "L1", id: "vpc-2"))
            #expect(try await backend.read(stack: "training", environment: "dev")?.resources.first?.value.id == "vpc-2")

            // A second writer that read serial 2 loses to one that wrote serial 3 meanwhile.
            let other = S3StateBackend(bucket: "state", prefix: "training", region: "us-east-1", client: client)
            try await other.write(sampleState(serial: 3, lineage: "L1", id: "vpc-3"))
            await #expect(throws: StateBackendError.staleSerial("s3://state/training/dev.json", stored: 3, writing: 3))
            {
                try await backend.write(sampleState(serial: 3, lineage: "L1", id: "vpc-mine"))
            }

            // Versioning keeps every written version: serial 1, 2 and 3.
            let versions = try XMLTree.parse(
                try await client.s3(
                    "ListObjectVersions", method: "GET", bucket: "state", subresource: "versions", region: "us-east-1"
                ).body)
            let keys = versions.children("Version").compactMap { $0.string("Key") }.filter { $0 == "training/dev.json" }
            #expect(keys == ["training/dev.json", "training/dev.json", "training/dev.json"])

            try await backend.write(sampleState(serial: 1, lineage: "L7", id: "vpc-p", environment: "prod"))
            #expect(try await backend.list(stack: "training") == ["dev", "prod"])
            await #expect(throws: StateBackendError.self) {
                try await backend.read(stack: "inference", environment: "dev")  // training's state, not inference's
            }
            _ = moto
        }
    }

    @Test func conditionalWriteLockExcludesAndNamesTheHolder() async throws {
        try await withBucket { _, client in
            let a = S3StateBackend(bucket: "state", prefix: "training", region: "us-east-1", client: client)
            let b = S3StateBackend(bucket: "state", prefix: "training", region: "us-east-1", client: client)
            let held = try await a.lock(stack: "training", environment: "dev", info: lockInfo(who: "alice"))
            let refused = await #expect(throws: StateBackendError.self) {
                _ = try await b.lock(stack: "training", environment: "dev", info: lockInfo(who: "bob"))
            }
            #expect(refused?.kind == .locked)
            #expect(refused?.holder?.id == held.id)
            #expect(refused?.message.contains("alice@") == true)
            #expect(refused?.message.contains("fleetform state unlock \(held.id)") == true)
            // Another environment has its own lock.
            let prod = try await b.lock(stack: "training", environment: "prod", info: lockInfo(who: "bob"))
            try await b.unlock(stack: "training", environment: "prod", id: prod.id)

            let wrong = await #expect(throws: StateBackendError.self) {
                try await b.unlock(stack: "training", environment: "dev", id: "not-the-lock")
            }
            #expect(wrong?.kind == .lockNotFound)
            try await a.unlock(stack: "training", environment: "dev", id: held.id)
            let next = try await b.lock(stack: "training", environment: "dev", info: lockInfo(who: "bob"))
            // A forced unlock by id (the run that holds it died) releases it for anyone.
            try await a.unlock(stack: "training", environment: "dev", id: next.id)
            let third = try await a.lock(stack: "training", environment: "dev", info: lockInfo(who: "carol"))
            try await a.unlock(stack: "training", environment: "dev", id: third.id)
        }
    }

    @Test func motoRefusesASecondCreateWithIfNoneMatch() async throws {
        try await withBucket { _, client in
            func put(_ body: String) async throws -> HTTPResponse {
                try await client.send(
                    AWSRequest(
                        service: .s3, action: "PutObject", method: "PUT", path: "/probe",
                        headers: [("if-none-match", "*")], body: Array(body.utf8), bucket: "state"),
                    region: "us-east-1")
            }
            _ = try await put("first")
            let error = await #expect(throws: AWSError.self) { _ = try await put("second") }
            #expect(error?.statusCode == 412)
            #expect(error?.code == "PreconditionFailed")
        }
    }

    /// Steps renewals by hand until `timer` has a renewal waiting again (the last one finished).
    func renewed(_ timer: ManualTimer) async {
        timer.tick()
        while timer.waiting == 0 { await Task.yield() }
    }

    @Test func liveLocksAreRenewedAndExpiredOnesTakenOverWithAWarning() async throws {
        try await withBucket { _, client in
            let warnings = Warnings()
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let timer = ManualTimer()
            let a = S3StateBackend(
                bucket: "state", prefix: "training", region: "us-east-1", client: client, lockDuration: .seconds(6),
                clock: clock, renewals: timer)
            let b = S3StateBackend(
                bucket: "state", prefix: "training", region: "us-east-1", client: client, lockDuration: .seconds(6),
                clock: clock, renewals: ManualTimer(), warn: warnings.add)
            let held = try await a.lock(stack: "training", environment: "dev", info: lockInfo(who: "alice", clock))
            while timer.waiting == 0 { await Task.yield() }
            // Two lock durations pass; the holder renews every third of one.
            for _ in 0..<6 {
                clock.advance(by: 2)
                await renewed(timer)
            }
            let refused = await #expect(throws: StateBackendError.self) {
                _ = try await b.lock(stack: "training", environment: "dev", info: lockInfo(who: "bob", clock))
            }
            #expect(refused?.holder?.id == held.id)
            #expect(warnings.all.isEmpty)
            try await a.unlock(stack: "training", environment: "dev", id: held.id)

            // A dead run's record: expired a minute ago, nobody renews it.
            var dead = lockInfo(who: "ghost", clock)
            dead.expires = clock.now().addingTimeInterval(-60)
            try await putLockObject(dead, client: client)
            let taken = try await b.lock(stack: "training", environment: "dev", info: lockInfo(who: "bob", clock))
            #expect(warnings.all.count == 1)
            #expect(warnings.all.first?.contains("took over the expired lock") == true)
            #expect(warnings.all.first?.contains("ghost@") == true)
            #expect(warnings.all.first?.contains(dead.id) == true)
            try await b.unlock(stack: "training", environment: "dev", id: taken.id)

            // A record that has not expired is respected.
            var live = lockInfo(who: "dave", clock)
            live.expires = clock.now().addingTimeInterval(600)
            try await putLockObject(live, client: client)
            let blocked = await #expect(throws: StateBackendError.self) {
                _ = try await b.lock(stack: "training", environment: "dev", info: lockInfo(who: "bob", clock))
            }
            #expect(blocked?.holder?.id == live.id)
        }
    }

    @Test func withoutRenewalsTheLockExpiresAndIsTakenOver() async throws {
        try await withBucket { _, client in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let warnings = Warnings()
            let a = S3StateBackend(
                bucket: "state", prefix: "training", region: "us-east-1", client: client, lockDuration: .seconds(6),
                clock: clock, renewals: ManualTimer())
            let b = S3StateBackend(
                bucket: "state", prefix: "training", region: "us-east-1", client: client, lockDuration: .seconds(6),
                clock: clock, renewals: ManualTimer(), warn: warnings.add)
            let held = try await a.lock(stack: "training", environment: "dev", info: lockInfo(who: "alice", clock))
            clock.advance(by: 7)
            let taken = try await b.lock(stack: "training", environment: "dev", info: lockInfo(who: "bob", clock))
            #expect(warnings.all.first?.contains("alice@") == true && warnings.all.first?.contains(held.id) == true)
            try await b.unlock(stack: "training", environment: "dev", id: taken.id)
        }
    }

    @Test func aRunWhoseLockWasTakenOverCannotWrite() async throws {
        try await withBucket { _, client in
            let warnings = Warnings()
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let timer = ManualTimer()
            let a = S3StateBackend(
                bucket: "state", prefix: "training", region: "us-east-1", client: client, lockDuration: .seconds(6),
                clock: clock, renewals: timer, warn: warnings.add)
            let held = try await a.lock(stack: "training", environment: "dev", info: lockInfo(who: "alice", clock))
            try await a.write(sampleState(serial: 1, lineage: "L1", id: "vpc-1"))
            var intruder = lockInfo(who: "mallory", clock)
            intruder.expires = clock.now().addingTimeInterval(600)
            try await putLockObject(intruder, client: client)
            // The next renewal finds the intruder, warns, and stops renewing.
            while timer.waiting == 0 { await Task.yield() }
            timer.tick()
            while !warnings.all.contains(where: { $0.contains("lost the lock") }) { await Task.yield() }
            let refused = await #expect(throws: StateBackendError.self) {
                try await a.write(sampleState(serial: 2, lineage: "L1", id: "vpc-2"))
            }
            #expect(refused?.kind == .lockLost)
            #expect(refused?.holder?.id == intruder.id)
            #expect(warnings.all.contains { $0.contains("lost the lock") && $0.contains("mallory@") })
            try await a.unlock(stack: "training", environment: "dev", id: held.id)  // leaves mallory's lock alone
            let object = try await client.s3(
                "GetObject", method: "GET", bucket: "state", key: "training/dev.json.lock", region: "us-east-1")
            #expect(LockInfo(stored: object.body)?.id == intruder.id)
            #expect(try await a.read(stack: "training", environment: "dev")?.serial == 1)
        }
    }
}

/// Warnings a backend printed.
final class Warnings: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    @Sendable func add(_ line: String) { lines.withLock { $0.append(line) } }
}

/// Starts moto, creates the versioned bucket `state`, and runs `body` with a signing client.
func withBucket(_ body: (MotoServer, AWSClient) async throws -> Void) async throws {
    try await withMoto { moto, transport in
        let client = moto.client(transport: transport)
        _ = try await client.s3("CreateBucket", method: "PUT", bucket: "state", region: "us-east-1")
        var versioning = XMLWriter(root: "VersioningConfiguration")
        versioning.element("Status", "Enabled")
        _ = try await client.s3(
            "PutBucketVersioning", method: "PUT", bucket: "state", subresource: "versioning", body: versioning,
            region: "us-east-1")
        try await body(moto, client)
    }
}

/// Writes a lock record straight into the lock object, as another (possibly dead) run left it.
func putLockObject(_ info: LockInfo, client: AWSClient) async throws {
    _ = try await client.send(
        AWSRequest(
            service: .s3, action: "PutObject", method: "PUT", path: "/training/dev.json.lock", body: info.encoded,
            bucket: "state"), region: "us-east-1")
}

func lockInfo(who: String, _ clock: any WallClock = SystemWallClock()) -> LockInfo {
    LockInfo(who: who, host: "host-\(who)", pid: 4242, command: "fleetform apply", created: clock.now())
}

func sampleState(serial: Int, lineage: String, id: String, environment: String = "dev") -> State {
    let address = ResourceAddress(type: "aws_vpc", name: "core")
    return State(
        serial: serial, lineage: lineage, stack: "training", environment: environment,
        resources: [
            address: ResourceState(
                address: address, provider: ProviderConfig(region: "us-east-1"), id: id,
                attributes: ["cidr_block": "10.0.0.0/16"])
        ])
}
