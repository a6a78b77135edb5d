import FleetformModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// State kept in local files: `.fleetform/state/<stack>/<env>.json`, the previous version in
/// `<env>.json.backup`, the lock in `<env>.json.lock` (an OS file lock, `flock`, plus a record
/// of who holds it). Files are created with mode 0600.
///
/// ```swift
/// let backend = LocalStateBackend()                           // under .fleetform/state
/// let explicit = LocalStateBackend(statePath: "ci/dev.json")  // one file, given by the user
/// ```
public struct LocalStateBackend: StateBackend {
    /// The directory holding one folder per stack, when no explicit file is given.
    public let root: String
    /// An explicit state file overriding the layout under `root`.
    public let statePath: String?
    let clock: any WallClock
    let heldLocks = HeldLocks()
    /// Receives warnings: a lock left behind by a run that died, taken over.
    let warn: @Sendable (String) -> Void

    /// A backend keeping states under `root` (default `.fleetform/state`), stamping new states'
    /// creation time with `clock`.
    public init(
        root: String = ".fleetform/state", clock: any WallClock = SystemWallClock(),
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.root = root
        self.statePath = nil
        self.clock = clock
        self.warn = warn
    }

    /// A backend using one explicit state file (`--state FILE`).
    public init(
        statePath: String, clock: any WallClock = SystemWallClock(),
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.root = FileSystem.parent(of: statePath)
        self.statePath = statePath
        self.clock = clock
        self.warn = warn
    }

    /// The state file of `stack`'s `environment`.
    public func path(stack: String, environment: String) -> String {
        statePath ?? "\(root)/\(stack)/\(environment).json"
    }

    public func location(stack: String, environment: String) -> String {
        path(stack: stack, environment: environment)
    }

    public func read(stack: String, environment: String) async throws -> State? {
        try readState(stack: stack, environment: environment)
    }

    func readState(stack: String, environment: String) throws -> State? {
        let path = path(stack: stack, environment: environment)
        guard let bytes = try FileSystem.readIfExists(path) else { return nil }
        return try StateWriteRule.decode(bytes, location: path, stack: stack, environment: environment)
    }

    /// Writes `state` atomically, after copying the stored version to `<env>.json.backup`.
    ///
    /// The stored file is read and checked first (`StateWriteRule`): if it is unreadable
    /// (corrupt, truncated, of an unknown version), of another lineage, or at a serial not below
    /// the new one, nothing is written. Writing the same content again does nothing.
    public func write(_ state: State) async throws {
        let path = path(stack: state.stack, environment: state.environment)
        let stored = try FileSystem.readIfExists(path)
        let previous = try stored.map { try StateFile.decode($0, file: path) }
        guard let next = try StateWriteRule.next(state, replacing: previous, location: path, now: clock.now()) else {
            return
        }
        if let stored {
            try FileSystem.writeAtomically(stored, to: path + ".backup")
        } else {
            try FileSystem.makeDirectories(FileSystem.parent(of: path))
        }
        try FileSystem.writeAtomically(StateFile.encode(next), to: path)
    }

    public func list(stack: String) async throws -> [String] {
        if let statePath {
            guard let bytes = try FileSystem.readIfExists(statePath) else { return [] }
            let state = try StateFile.decode(bytes, file: statePath)
            return state.stack == stack ? [state.environment] : []
        }
        return try FileSystem.list("\(root)/\(stack)")
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(".json".count)) }
            .sorted()
    }

    public func stacks() async throws -> [String] {
        if let statePath {
            guard let bytes = try FileSystem.readIfExists(statePath) else { return [] }
            return [try StateFile.decode(bytes, file: statePath).stack]
        }
        var stacks: [String] = []
        for name in try FileSystem.list(root) where !name.hasPrefix(".") {
            if try await !list(stack: name).isEmpty { stacks.append(name) }
        }
        return stacks.sorted()
    }

    /// Moves `<env>.json` to `<env>.json.backup` (one rename, so the state is either there or
    /// backed up, never half gone).
    public func delete(stack: String, environment: String) async throws {
        let path = path(stack: stack, environment: environment)
        guard let state = try readState(stack: stack, environment: environment) else { return }
        guard state.resources.isEmpty && state.deposed.isEmpty else {
            throw StateBackendError.notEmpty(path, count: state.resources.count + state.deposed.count)
        }
        try FileSystem.move(path, to: path + ".backup")
    }
}
