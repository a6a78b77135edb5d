import FleetformAWS
import FleetformEngine
import Foundation

extension S3StateBackend {
    /// Takes the lock of `environment` by creating its lock object only if none exists
    /// (`If-None-Match: *`), recording `info` with an expiry of `lockDuration`, and starts a task
    /// that renews it every third of that while it is held.
    ///
    /// A lock whose record has expired (its run died or lost its network without releasing it)
    /// is taken over with a conditional replace (`If-Match` on its ETag) and a warning naming the
    /// old holder. A resend of this run's own create, after a lost answer, is recognised by the
    /// lock id and counts as taken.
    ///
    /// - Throws: `StateBackendError.locked` naming the holder when another run holds a live lock.
    public func lock(stack: String, environment: String, info: LockInfo) async throws -> LockHandle {
        let key = lockKey(environment: environment)
        let location = location(stack: stack, environment: environment)
        let lockLocation = "s3://\(bucket)/\(key)"
        for _ in 0..<3 {
            let record = stamped(info)
            do {
                let (etag, _) = try await store.put(
                    key, record.encoded, contentType: "application/json", condition: .absent)
                return hold(
                    key: key, location: location, info: record, etag: etag, stack: stack, environment: environment)
            } catch let error as AWSError where error.isConditionFailure {
            } catch {
                throw Self.remoteError("take the lock", lockLocation, error)
            }
            // Someone's lock object is there: ours (a resend), expired, or live.
            guard let current = try await remote("read the lock", lockLocation, { try await self.store.get(key) })
            else {
                continue  // released in between: try again
            }
            let holder = LockInfo(stored: current.bytes)
            if let holder, holder.id == record.id {
                return hold(
                    key: key, location: location, info: holder, etag: current.etag, stack: stack,
                    environment: environment)
            }
            guard let holder, holder.isExpired(at: clock.now()) else {
                throw StateBackendError.locked(location, holder: holder)
            }
            do {
                let (etag, _) = try await store.put(
                    key, record.encoded, contentType: "application/json", condition: .matches(current.etag))
                warn(Self.takeoverWarning(location, from: holder))
                return hold(
                    key: key, location: location, info: record, etag: etag, stack: stack, environment: environment)
            } catch let error as AWSError where error.isConditionFailure {
                continue  // another run took it over first: look again
            } catch {
                throw Self.remoteError("take over the lock", lockLocation, error)
            }
        }
        let holder = (try? await store.get(key)).flatMap { $0.flatMap { LockInfo(stored: $0.bytes) } }
        throw StateBackendError.locked(location, holder: holder)
    }

    /// Releases the lock `id`: one this process holds (its renewal stops; the object is deleted
    /// only if it is still ours), or one left by a run that died, named by the id in its record.
    public func unlock(stack: String, environment: String, id: String) async throws {
        let key = lockKey(environment: environment)
        let location = location(stack: stack, environment: environment)
        let lockLocation = "s3://\(bucket)/\(key)"
        if let renewal = held.withLock({ $0[id]?.renewal }) {
            renewal.cancel()
            await renewal.value
        }
        if let mine = held.withLock({ $0.removeValue(forKey: id) }) {
            guard mine.lost == nil else { return }  // taken over: whoever holds it now keeps it
            try await deleteOwnLock(key: key, etag: mine.etag, id: id, lockLocation: lockLocation)
            return
        }
        let current = try await remote("read the lock", lockLocation, { try await self.store.get(key) })
        let holder = current.flatMap { LockInfo(stored: $0.bytes) }
        guard let current, holder?.id == id else {
            throw StateBackendError.lockNotFound(location, id: id, holder: holder)
        }
        do {
            try await store.delete(key, condition: .matches(current.etag))
        } catch let error as AWSError where error.isConditionFailure {
            let now = (try? await store.get(key)).flatMap { $0.flatMap { LockInfo(stored: $0.bytes) } }
            throw StateBackendError.lockNotFound(location, id: id, holder: now)
        } catch {
            throw Self.remoteError("release the lock", lockLocation, error)
        }
    }

    /// Deletes this run's lock object if it is still ours. A renewal cut short by the release
    /// may have replaced it (new ETag) without our knowing: then the record is read again and
    /// deleted if it still carries our id.
    private func deleteOwnLock(key: String, etag: String, id: String, lockLocation: String) async throws {
        var etag = etag
        for _ in 0..<2 {
            do {
                try await store.delete(key, condition: .matches(etag))
                return
            } catch let error as AWSError where error.isConditionFailure {
                guard let current = try? await store.get(key), LockInfo(stored: current.bytes)?.id == id else { return }
                etag = current.etag
            } catch let error as AWSError where S3ObjectStore.isMissing(error) {
                return
            } catch {
                throw Self.remoteError("release the lock", lockLocation, error)
            }
        }
    }

    /// `info` with a fresh expiry.
    private func stamped(_ info: LockInfo) -> LockInfo {
        var record = info
        record.expires = clock.now().addingTimeInterval(lockDuration.seconds)
        return record
    }

    private func hold(
        key: String, location: String, info: LockInfo, etag: String, stack: String, environment: String
    ) -> LockHandle {
        held.withLock { $0[info.id] = HeldS3Lock(key: key, location: location, info: info, etag: etag) }
        let renewal = Task { await self.renew(id: info.id) }
        held.withLock { $0[info.id]?.renewal = renewal }
        return LockHandle(stack: stack, environment: environment, info: info)
    }

    /// Renews the lock `id` every third of `lockDuration` until it is released or lost. A
    /// renewal replaces the record only if it is still ours (`If-Match`); when it is not, the
    /// lock is marked lost (the backend then refuses to write) and a warning names the new holder.
    private func renew(id: String) async {
        let interval = lockDuration / 3
        while !Task.isCancelled {
            do { try await renewals.wait(interval) } catch { return }
            guard let current = held.withLock({ $0[id] }) else { return }
            let record = stamped(current.info)
            do {
                let (etag, _) = try await store.put(
                    current.key, record.encoded, contentType: "application/json", condition: .matches(current.etag))
                held.withLock {
                    $0[id]?.etag = etag
                    $0[id]?.info = record
                }
            } catch let error as AWSError where error.isConditionFailure || S3ObjectStore.isMissing(error) {
                let holder = (try? await store.get(current.key)).flatMap { $0.flatMap { LockInfo(stored: $0.bytes) } }
                held.withLock { $0[id]?.lost = .some(holder) }
                warn("warning: " + StateBackendError.lockLost(current.location, holder: holder).message)
                return
            } catch {
                // A transient failure: the next attempt may get through before the record expires.
                if Task.isCancelled { return }
                if let expires = current.info.expires, expires <= clock.now() {
                    held.withLock { $0[id]?.lost = .some(nil) }
                    warn("warning: could not renew the lock on \(current.location) before it expired: \(error)")
                    return
                }
            }
        }
    }

    /// Throws `.lockLost` when a lock this process took on `environment` was taken over.
    func checkLockNotLost(environment: String, location: String) throws {
        let key = lockKey(environment: environment)
        let lost = held.withLock { locks in locks.values.first { $0.key == key && $0.lost != nil }?.lost }
        if let lost { throw StateBackendError.lockLost(location, holder: lost) }
    }

    static func takeoverWarning(_ location: String, from holder: LockInfo) -> String {
        "warning: took over the expired lock on state \(location) from \(holder), which expired at "
            + "\(holder.expires?.rfc3339 ?? "?") without being renewed (that run died or lost its connection); "
            + "if it is still running, stop it"
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
