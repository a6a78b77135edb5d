import FleetformEngine
import FleetformModel
import Foundation
import Testing

/// A fresh directory under the system temporary directory, removed when the test ends.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "fleetform-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func contents(_ relative: String) -> Data? { FileManager.default.contents(atPath: path + "/" + relative) }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func mode(_ relative: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "/" + relative)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

struct LocalStateBackendTests {
    static let clock = FixedWallClock(Date(timeIntervalSince1970: 1_795_000_000))

    func state(serial: Int, cidr: String = "10.40.0.0/16") -> State {
        var state = Fixtures.state(
            [Fixtures.recorded("aws_vpc.core", id: "vpc-1", ["cidr_block": .string(cidr)])], serial: serial)
        state.metadata.createdAt = "2026-11-21T12:00:00Z"
        return state
    }

    @Test func missingStateReadsAsNil() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        #expect(try await backend.read(stack: "training", environment: "dev") == nil)
        #expect(try await backend.list(stack: "training") == [])
    }

    @Test func writeThenReadWithBackupAndMode0600() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        try await backend.write(state(serial: 1))
        #expect(backend.path(stack: "training", environment: "dev") == scratch.path + "/training/dev.json")
        #expect(try await backend.read(stack: "training", environment: "dev") == state(serial: 1))
        #expect(scratch.contents("training/dev.json.backup") == nil)
        let first = scratch.contents("training/dev.json")

        try await backend.write(state(serial: 2, cidr: "10.41.0.0/16"))
        #expect(try await backend.read(stack: "training", environment: "dev") == state(serial: 2, cidr: "10.41.0.0/16"))
        #expect(scratch.contents("training/dev.json.backup") == first)
        #expect(try scratch.mode("training/dev.json") == 0o600)
        #expect(try scratch.mode("training/dev.json.backup") == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/training")
        #expect(leftovers.sorted() == ["dev.json", "dev.json.backup"])
        #expect(try await backend.list(stack: "training") == ["dev"])
    }

    @Test func newStateGetsCreationTimeFromTheClock() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        var fresh = state(serial: 1)
        fresh.metadata.createdAt = nil
        try await backend.write(fresh)
        let stored = try await backend.read(stack: "training", environment: "dev")
        #expect(stored?.metadata.createdAt == "2026-11-18T11:06:40Z")

        // A later write that does not carry the creation time keeps the stored one.
        let later = LocalStateBackend(
            root: scratch.path, clock: FixedWallClock(Date(timeIntervalSince1970: 1_800_000_000)))
        var next = state(serial: 2, cidr: "10.9.0.0/16")
        next.metadata.createdAt = nil
        try await later.write(next)
        #expect(
            try await later.read(stack: "training", environment: "dev")?.metadata.createdAt == "2026-11-18T11:06:40Z")
    }

    @Test func staleSerialAndForeignLineageAreRefused() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        try await backend.write(state(serial: 5))
        let stale = await #expect(throws: StateBackendError.self) {
            try await backend.write(state(serial: 5, cidr: "x"))
        }
        #expect(stale?.kind == .staleSerial)
        var foreign = state(serial: 9)
        foreign.lineage = "other"
        let mismatch = await #expect(throws: StateBackendError.self) { try await backend.write(foreign) }
        #expect(mismatch?.kind == .lineageMismatch)
        try await backend.write(state(serial: 5))  // identical content: accepted, nothing written
        #expect(scratch.contents("training/dev.json.backup") == nil)
    }

    @Test(arguments: [
        ("corrupt", "{\"version\": 1, \"serial\": ", FileFormatError.Kind.truncated),
        ("garbage", "not json at all", FileFormatError.Kind.corrupt),
        ("future", "{\"version\": 5, \"serial\": 1}", FileFormatError.Kind.unsupportedVersion),
    ])
    func unreadableStateIsReportedAndNeverOverwritten(name: String, content: String, kind: FileFormatError.Kind)
        async throws
    {
        let scratch = try ScratchDirectory()
        try scratch.write("training/dev.json", content)
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        let readError = await #expect(throws: FileFormatError.self) {
            try await backend.read(stack: "training", environment: "dev")
        }
        #expect(readError?.kind == kind)
        #expect(readError?.message.hasPrefix(scratch.path + "/training/dev.json ") == true)
        let writeError = await #expect(throws: FileFormatError.self) { try await backend.write(state(serial: 99)) }
        #expect(writeError?.kind == kind)
        #expect(scratch.contents("training/dev.json") == Data(content.utf8))
        #expect(scratch.contents("training/dev.json.backup") == nil)
    }

    @Test func stateOfAnotherEnvironmentIsRefused() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(statePath: scratch.path + "/custom.json", clock: Self.clock)
        try await backend.write(state(serial: 1))
        #expect(try await backend.read(stack: "training", environment: "dev") != nil)
        let error = await #expect(throws: StateBackendError.self) {
            try await backend.read(stack: "training", environment: "prod")
        }
        #expect(error?.kind == .wrongEnvironment)
    }

    static func info(_ who: String, pid: Int = 4121) -> LockInfo {
        LockInfo(
            id: "3f2a9c1e-0000-4000-8000-000000000001", who: who, host: "ci-runner-7", pid: pid,
            command: "fleetform apply",
            created: Date(timeIntervalSince1970: 1_795_003_380))
    }

    @Test func secondLockInTheSameProcessIsRefusedUntilUnlocked() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        let handle = try await backend.lock(stack: "training", environment: "dev", info: Self.info("alice"))
        #expect(try scratch.mode("training/dev.json.lock") == 0o600)
        let other = LockInfo.current(command: "fleetform plan", clock: Self.clock)
        let error = await #expect(throws: StateBackendError.self) {
            try await backend.lock(stack: "training", environment: "dev", info: other)
        }
        #expect(error?.kind == .locked)
        #expect(
            error?.message
                == "state is locked by alice@ci-runner-7 (pid 4121, 'fleetform apply') since 2026-11-18T12:03:00Z "
                + "(lock 3f2a9c1e-0000-4000-8000-000000000001); run 'fleetform state unlock "
                + "3f2a9c1e-0000-4000-8000-000000000001' if that run is dead")
        try await backend.unlock(stack: "training", environment: "dev", id: handle.id)
        let again = try await backend.lock(stack: "training", environment: "dev", info: other)
        #expect(again.info.who == other.who)
        try await backend.unlock(stack: "training", environment: "dev", id: again.id)
    }

    @Test func lockHeldByAnotherProcessNamesTheHolderAndCannotBeForced() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        let lockPath = backend.lockPath(stack: "training", environment: "dev")
        let holder = Self.info("alice")
        try scratch.write("record.json", String(decoding: try await recordBytes(holder), as: UTF8.self))
        try scratch.write("training/.keep", "")

        // Another process takes the OS lock on the lock file, writes the holder's record into it,
        // says "ready", and holds the lock until its standard input closes.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        process.arguments = [
            "--exclusive", lockPath, "/bin/sh", "-c", "cat \"$1\" > \"$0\"; echo ready; read _", lockPath,
            scratch.path + "/record.json",
        ]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) == "ready\n")

        let error = await #expect(throws: StateBackendError.self) {
            try await backend.lock(
                stack: "training", environment: "dev", info: LockInfo.current(command: "fleetform plan"))
        }
        #expect(error?.kind == .locked)
        #expect(error?.holder == holder)
        #expect(error?.message.hasPrefix("state is locked by alice@ci-runner-7 (pid 4121, 'fleetform apply')") == true)
        let forced = await #expect(throws: StateBackendError.self) {
            try await backend.unlock(stack: "training", environment: "dev", id: holder.id)
        }
        #expect(forced?.kind == .lockStillHeld)

        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        // The holder is gone: its lock went with it, and the next run takes the lock.
        let handle = try await backend.lock(
            stack: "training", environment: "dev", info: LockInfo.current(command: "fleetform plan"))
        try await backend.unlock(stack: "training", environment: "dev", id: handle.id)
    }

    @Test func staleLockOfADeadRunIsForceUnlocked() async throws {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        let holder = Self.info("bob")
        try scratch.write("training/dev.json.lock", String(decoding: try await recordBytes(holder), as: UTF8.self))
        let wrong = await #expect(throws: StateBackendError.self) {
            try await backend.unlock(stack: "training", environment: "dev", id: "nope")
        }
        #expect(wrong?.kind == .lockNotFound)
        try await backend.unlock(stack: "training", environment: "dev", id: holder.id)
        #expect(scratch.contents("training/dev.json.lock") == Data())
    }

    @Test func recordLeftByADeadProcessIsTakenOverWithAWarningNamingIt() async throws {
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let scratch = try ScratchDirectory()
        let dead = LockInfo(
            who: "bob", host: ProcessInfo.processInfo.hostName, pid: Int(exited.processIdentifier),
            command: "fleetform apply", created: Date(timeIntervalSince1970: 1_795_003_380))
        try scratch.write("training/dev.json.lock", String(decoding: try await recordBytes(dead), as: UTF8.self))
        let warnings = WarningLines()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock, warn: warnings.add)
        let handle = try await backend.lock(stack: "training", environment: "dev", info: Self.info("alice"))
        #expect(warnings.all.count == 1)
        let warning = try #require(warnings.all.first)
        #expect(warning.contains("bob@\(dead.host) (pid \(dead.pid)"), "\(warning)")
        #expect(warning.contains("its process \(dead.pid) is gone"), "\(warning)")
        try await backend.unlock(stack: "training", environment: "dev", id: handle.id)
        // A lock released normally leaves no record, so the next run warns about nothing.
        _ = try await backend.lock(stack: "training", environment: "dev", info: Self.info("carol"))
        #expect(warnings.all.count == 1)
    }

    /// A lock record as the backend stores it, taken from a real lock in a scratch directory.
    private func recordBytes(_ info: LockInfo) async throws -> [UInt8] {
        let scratch = try ScratchDirectory()
        let backend = LocalStateBackend(root: scratch.path, clock: Self.clock)
        let handle = try await backend.lock(stack: "s", environment: "e", info: info)
        let bytes = Array(scratch.contents("s/e.json.lock") ?? Data())
        try await backend.unlock(stack: "s", environment: "e", id: handle.id)
        return bytes
    }
}

/// Warnings a backend printed.
final class WarningLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    @Sendable func add(_ line: String) { lock.withLock { lines.append(line) } }
}
