/// A state backend could not do what was asked: the state is locked, a write would lose
/// someone else's changes, or the file system refused. Messages say what to do.
///
/// Match on `kind`: `if error.kind == .locked { … }`.
public struct StateBackendError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for matching.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Hashable, Sendable {
            case locked, lockNotFound, lockStillHeld, lockLost, lineageMismatch, staleSerial, wrongEnvironment,
                notEmpty,
                io, remote
        }
        private let code: Code

        /// Another run holds the lock.
        public static let locked = Kind(code: .locked)
        /// No lock with the given id exists.
        public static let lockNotFound = Kind(code: .lockNotFound)
        /// A forced unlock found the lock's holder still running.
        public static let lockStillHeld = Kind(code: .lockStillHeld)
        /// This run's lock lapsed and another run took it over (remote backends).
        public static let lockLost = Kind(code: .lockLost)
        /// The state being written belongs to another history than the stored one.
        public static let lineageMismatch = Kind(code: .lineageMismatch)
        /// The stored state is newer than the one being written.
        public static let staleSerial = Kind(code: .staleSerial)
        /// The stored state belongs to another stack or environment.
        public static let wrongEnvironment = Kind(code: .wrongEnvironment)
        /// A state that still records resources was asked to be removed.
        public static let notEmpty = Kind(code: .notEmpty)
        /// The file system failed.
        public static let io = Kind(code: .io)
        /// The remote store (S3) failed or answered something unreadable.
        public static let remote = Kind(code: .remote)

        public var description: String { code.rawValue }
    }

    /// What went wrong.
    public let kind: Kind
    /// The full message: what happened and what to do.
    public let message: String
    /// The lock's holder, for `.locked` and `.lockStillHeld` when its record could be read.
    public let holder: LockInfo?

    private init(_ kind: Kind, _ message: String, holder: LockInfo? = nil) {
        self.kind = kind
        self.message = message
        self.holder = holder
    }

    public var description: String { message }

    /// The state at `location` is locked by `holder` (nil when its record is unreadable).
    public static func locked(_ location: String, holder: LockInfo?) -> Self {
        guard let holder else {
            return Self(
                .locked,
                "state \(location) is locked by another run whose lock record is still being written or is damaged; "
                    + "wait for that run, or inspect \(location).lock")
        }
        return Self(
            .locked,
            "state is locked by \(holder); run 'fleetform state unlock \(holder.id)' if that run is dead",
            holder: holder)
    }

    /// No lock with `id` at `location`; `holder` is the current one, if any.
    public static func lockNotFound(_ location: String, id: String, holder: LockInfo?) -> Self {
        let current =
            holder.map { "; the current lock is \($0.id), held by \($0.who)@\($0.host)" } ?? "; it is not locked"
        return Self(.lockNotFound, "state \(location) has no lock \(id)\(current)", holder: holder)
    }

    /// A forced unlock of `location` found its holder still running.
    static func lockStillHeld(_ location: String, holder: LockInfo?) -> Self {
        let who = holder.map { "\($0.who)@\($0.host) (pid \($0.pid), '\($0.command)')" } ?? "another process"
        return Self(
            .lockStillHeld,
            "the lock on state \(location) is still held by a running process, \(who); stop that run first "
                + "(the lock goes away with it)", holder: holder)
    }

    public static func lineageMismatch(_ location: String, stored: String, writing: String) -> Self {
        Self(
            .lineageMismatch,
            "refusing to write state \(location): the stored state has lineage \(stored), the new one \(writing), so "
                + "they are different histories; check --stack/--env and the state path")
    }

    public static func staleSerial(_ location: String, stored: Int, writing: Int) -> Self {
        Self(
            .staleSerial,
            "refusing to write state \(location) at serial \(writing): the stored state is already at serial "
                + "\(stored), so another run wrote it since this one read it; plan again")
    }

    public static func wrongEnvironment(_ location: String, found: (String, String), wanted: (String, String)) -> Self {
        Self(
            .wrongEnvironment,
            "state \(location) belongs to stack '\(found.0)', environment '\(found.1)', not stack '\(wanted.0)', "
                + "environment '\(wanted.1)'; check the state path")
    }

    /// The state at `location` cannot be removed: it still records `count` resources.
    public static func notEmpty(_ location: String, count: Int) -> Self {
        Self(
            .notEmpty,
            "refusing to remove state \(location): it still records \(count) resource(s); destroy them first "
                + "('fleetform destroy'), or remove them from the state with 'fleetform state rm'")
    }

    /// The lock on `location` this run held lapsed and `holder` (nil: nobody, it was removed)
    /// holds it now, so this run must not write.
    public static func lockLost(_ location: String, holder: LockInfo?) -> Self {
        let now = holder.map { "it is now held by \($0)" } ?? "it was released by someone else"
        return Self(
            .lockLost,
            "lost the lock on state \(location): it expired before this run renewed it and \(now); "
                + "nothing more was written; run 'fleetform refresh' and plan again", holder: holder)
    }

    /// The remote store failed to `operation` at `location`: `detail` says how.
    public static func remote(_ operation: String, _ location: String, detail: String) -> Self {
        Self(.remote, "could not \(operation) \(location): \(detail)")
    }

    /// The file system refused `operation` on `path` with `errno`.
    static func io(_ operation: String, _ path: String, errno code: Int32) -> Self {
        Self(
            .io,
            "could not \(operation) \(path): \(String(cString: strerror(code))); check the path and its permissions")
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
