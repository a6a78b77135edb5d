import FleetformModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LocalStateBackend {
    /// The lock file of `stack`'s `environment`: `<env>.json.lock`.
    public func lockPath(stack: String, environment: String) -> String {
        path(stack: stack, environment: environment) + ".lock"
    }

    /// Takes an exclusive `flock` on `<env>.json.lock` without waiting and writes `info` into
    /// it. The OS drops the lock if this process dies, so a crashed run never blocks the next.
    ///
    /// - Throws: `StateBackendError.locked` naming the holder when another run (in this process
    ///   or another) holds the lock.
    public func lock(stack: String, environment: String, info: LockInfo) async throws -> LockHandle {
        let path = lockPath(stack: stack, environment: environment)
        try FileSystem.makeDirectories(FileSystem.parent(of: path))
        let fd = try Self.openLockFile(path)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw StateBackendError.locked(
                    self.path(stack: stack, environment: environment), holder: await Self.settledHolder(path))
            }
            throw StateBackendError.io("lock", path, errno: code)
        }
        // A record left in a lock nobody holds: its run died without releasing it.
        if let dead = Self.holder(path), dead.id != info.id {
            warn(Self.deadHolderWarning(self.path(stack: stack, environment: environment), dead))
        }
        do {
            if ftruncate(fd, 0) != 0 { throw StateBackendError.io("truncate", path, errno: errno) }
            try FileSystem.writeAll(fd, info.encoded, path: path)
            if fsync(fd) != 0 { throw StateBackendError.io("flush", path, errno: errno) }
        } catch {
            flock(fd, LOCK_UN)
            close(fd)
            throw error
        }
        heldLocks.insert(info.id, descriptor: fd)
        return LockHandle(stack: stack, environment: environment, info: info)
    }

    /// Releases the lock `id`. A lock this process holds is cleared and released; otherwise
    /// `id` must be the lock recorded in the lock file, and it is cleared only when no running
    /// process still holds the OS lock (the run that took it died).
    public func unlock(stack: String, environment: String, id: String) async throws {
        let path = lockPath(stack: stack, environment: environment)
        if let fd = heldLocks.remove(id) {
            defer { close(fd) }
            if ftruncate(fd, 0) != 0 { throw StateBackendError.io("truncate", path, errno: errno) }
            flock(fd, LOCK_UN)
            return
        }
        let holder = Self.holder(path)
        guard holder?.id == id else {
            throw StateBackendError.lockNotFound(
                self.path(stack: stack, environment: environment), id: id, holder: holder)
        }
        let fd = try Self.openLockFile(path)
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            throw StateBackendError.lockStillHeld(self.path(stack: stack, environment: environment), holder: holder)
        }
        defer { flock(fd, LOCK_UN) }
        if ftruncate(fd, 0) != 0 { throw StateBackendError.io("truncate", path, errno: errno) }
    }

    /// The warning for taking over the lock `holder` left behind: on this host, whether its
    /// process is gone (the OS released its lock when it died).
    static func deadHolderWarning(_ location: String, _ holder: LockInfo) -> String {
        let sameHost = holder.host == ProcessInfo.processInfo.hostName
        let gone = sameHost && kill(pid_t(holder.pid), 0) != 0 && errno == ESRCH
        let fate =
            gone
            ? "its process \(holder.pid) is gone (it died without releasing the lock)"
            : "it ended without releasing the lock"
        return "warning: took over the lock on state \(location) left by \(holder); \(fate); "
            + "if it was interrupted mid-apply, this run recovers from its journal"
    }

    private static func openLockFile(_ path: String) throws(StateBackendError) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io("open", path, errno: errno) }
        return fd
    }

    /// The holder's record once it has been written: a run that has just taken the lock writes
    /// its record right after, so an empty or partial record is read again for up to a second
    /// before it is reported as damaged.
    static func settledHolder(_ path: String) async -> LockInfo? {
        for _ in 0..<40 {
            if let holder = holder(path) { return holder }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return holder(path)
    }

    /// The record in a lock file, nil when empty or unreadable.
    static func holder(_ path: String) -> LockInfo? {
        guard let bytes = try? FileSystem.readIfExists(path), !bytes.isEmpty else { return nil }
        return LockInfo(stored: bytes)
    }
}
