import FleetformModel
import Foundation

/// The state of one stack environment as an apply sees it: its backend, its lock and its apply
/// journal. It recovers from crashes (replaying the journal, resolving interrupted creates
/// through the provider), refreshes from the cloud and persists results.
public struct Workspace: Sendable {
    public let backend: any StateBackend
    public let stack: String
    public let environment: String
    /// Where the apply journal lives (a local file, whatever the backend).
    public let journalPath: String
    let clock: any WallClock

    public init(
        backend: any StateBackend, stack: String, environment: String, journalPath: String,
        clock: any WallClock = SystemWallClock()
    ) {
        self.backend = backend
        self.stack = stack
        self.environment = environment
        self.journalPath = journalPath
        self.clock = clock
    }

    /// The default journal location: `.fleetform/journal/<stack>/<env>.jsonl`.
    public static func defaultJournalPath(stack: String, environment: String) -> String {
        ".fleetform/journal/\(stack)/\(environment).jsonl"
    }

    /// Takes the state lock, retrying until `timeout` has passed; then fails naming the holder.
    public func lock(command: String, timeout: Duration) async throws -> LockHandle {
        let info = LockInfo.current(command: command, clock: clock)
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await backend.lock(stack: stack, environment: environment, info: info)
            } catch let error as StateBackendError where error.kind == .locked {
                if ContinuousClock.now >= deadline { throw error }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Runs `body` holding the state lock, and releases it however `body` ends.
    public func withLock<T>(command: String, timeout: Duration = .zero, _ body: () async throws -> T) async throws -> T
    {
        let handle = try await lock(command: command, timeout: timeout)
        do {
            let result = try await body()
            await unlock(handle)
            return result
        } catch {
            await unlock(handle)
            throw error
        }
    }

    /// Releases a lock taken with `lock`.
    public func unlock(_ handle: LockHandle) async {
        try? await backend.unlock(stack: stack, environment: environment, id: handle.id)
    }

    /// The current state: the backend's, with any journal left by an interrupted run folded in.
    /// Interrupted creates are looked up through `provider` (idempotency token, then ownership
    /// tags) and adopted when they exist, so a crash leaves no orphan and causes no duplicate.
    /// A recovered state is written back and the journal removed before anything else happens.
    public func load(provider: (any ResourceProvider)?, events: @Sendable (ApplyEvent) -> Void = { _ in }) async throws
        -> (state: State, existed: Bool)
    {
        let stored = try await backend.read(stack: stack, environment: environment)
        var state =
            stored
            ?? State(
                serial: 0, lineage: UUID().uuidString.lowercased(), stack: stack, environment: environment,
                metadata: EnvironmentMetadata(createdAt: clock.now().rfc3339))
        let entries = try FileJournal.read(path: journalPath)
        guard !entries.isEmpty else { return (state, stored != nil) }
        let (replayed, pending) = JournalReplay.apply(entries, to: state)
        state = replayed
        if !pending.isEmpty {
            guard let provider else {
                throw JournalError(
                    description:
                        "an interrupted apply left \(pending.count) create(s) unresolved in \(journalPath); run 'fleetform apply' (or 'fleetform refresh') with cloud access to resolve them"
                )
            }
            try await waitForLateRequests()
            for request in pending {
                if var found = try await provider.findCreated(request) {
                    found.declared = request.declared
                    state.resources[request.address] = found
                    events(.adopted(request.address, id: found.id))
                }
            }
        }
        return (try await persist(state), true)
    }

    /// How long after an interrupted run's last journal entry its creates are looked up: a
    /// killed process's requests already on the wire still reach the service, and one landing
    /// after the lookup would leave a resource nobody tracks (seen against moto: an EIP).
    public static let lateRequestGrace: TimeInterval = 3

    /// Waits until the journal is `lateRequestGrace` old (at once for a journal left long ago).
    private func waitForLateRequests() async throws {
        guard
            let modified = try? FileManager.default.attributesOfItem(atPath: journalPath)[.modificationDate] as? Date
        else { return }
        let remaining = Self.lateRequestGrace - Date().timeIntervalSince(modified)
        if remaining > 0 { try await Task.sleep(for: .milliseconds(Int64(remaining * 1000))) }
    }

    /// Writes `state` as the next serial and clears the journal it supersedes, keeping only the
    /// creates left `inDoubt` (sent, or about to be, when the run stopped waiting for them): the
    /// next run looks each up before planning and adopts what it finds.
    @discardableResult
    public func persist(_ state: State, applied: Bool = false, inDoubt: [ResourceRequest] = []) async throws -> State {
        var next = state
        next.serial += 1
        if applied { next.metadata.lastAppliedAt = clock.now().rfc3339 }
        if next.metadata.createdAt == nil { next.metadata.createdAt = clock.now().rfc3339 }
        try await backend.write(next)
        try FileJournal.replace(path: journalPath, with: inDoubt.map(JournalEntry.intent))
        return next
    }

    /// Reads every resource of `state` from the cloud. Resources that no longer exist leave the
    /// state; the drift is what changed since the state was written.
    public func refresh(_ state: State, provider: any ResourceProvider) async throws -> (
        state: State, drift: [DriftedAttribute]
    ) {
        guard !state.resources.isEmpty else { return (state, []) }
        let read = try await provider.read(state.sortedResources)
        var refreshed = state
        for (address, prior) in state.resources {
            guard let entry = read[address] else { continue }
            if var current = entry {
                current.dependencies = prior.dependencies
                current.lifecycle = prior.lifecycle
                current.sensitive = prior.sensitive
                current.usage = prior.usage
                refreshed.resources[address] = current
            } else {
                refreshed.resources[address] = nil
            }
        }
        return (refreshed, Planner.drift(recorded: state, refreshed: refreshed))
    }

    /// A journal for an apply in this workspace (its directory is created).
    public func openJournal() throws -> FileJournal {
        let directory = (journalPath as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return FileJournal(path: journalPath)
    }
}
