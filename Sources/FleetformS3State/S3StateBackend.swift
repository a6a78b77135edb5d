import FleetformAWS
import FleetformEngine
import FleetformModel
import Foundation
import Synchronization

/// State kept in S3, the shared backend for teams and CI: the state of environment `env` is the
/// object `<prefix>/<env>.json` in a versioned bucket (every write keeps the previous version),
/// its lock the object `<prefix>/<env>.json.lock`, created with a conditional write
/// (`If-None-Match: *`) and holding the `LockInfo` record with an expiry that the holder renews
/// while it runs. Requests go through the shared `AWSClient` (SigV4, retries, `AWS_ENDPOINT_URL`).
///
/// ```swift
/// let backend = S3StateBackend(bucket: "acme-fleetform-state", prefix: "training", region: "us-east-1", client: client)
/// let handle = try await backend.lock(stack: "training", environment: "dev", info: .current(command: "fleetform apply"))
/// ```
///
/// Writes are compare-and-swap: the stored object is read, checked by `StateWriteRule` (same
/// lineage, higher serial) and replaced only if its ETag is unchanged (`If-Match`), so two
/// writers can never silently overwrite each other.
public final class S3StateBackend: StateBackend {
    /// The bucket holding the states.
    public let bucket: String
    /// The key prefix of this stack's states (no trailing `/`; empty for the bucket's root).
    public let prefix: String
    /// The bucket's region.
    public let region: String
    /// How long a lock lasts without renewal; a live run renews it every third of this.
    public let lockDuration: Duration
    let store: S3ObjectStore
    let clock: any WallClock
    /// Paces lock renewals.
    let renewals: any IntervalTimer
    let warn: @Sendable (String) -> Void
    let held = Mutex<[String: HeldS3Lock]>([:])
    private let versioningChecked = Mutex(false)

    /// A backend over `client`. `warn` receives warnings (an expired lock taken over, a bucket
    /// without versioning, a lock lost); `clock` stamps lock records and decides expiry;
    /// `renewals` paces the renewal of a held lock (every third of `lockDuration`).
    public init(
        bucket: String, prefix: String, region: String, client: AWSClient, lockDuration: Duration = .seconds(120),
        clock: any WallClock = SystemWallClock(), renewals: any IntervalTimer = SleepingTimer(),
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
        self.region = region
        self.lockDuration = lockDuration
        self.store = S3ObjectStore(client: client, bucket: bucket, region: region)
        self.clock = clock
        self.renewals = renewals
        self.warn = warn
    }

    /// The key of the state object of `environment`: `<prefix>/<env>.json`.
    public func stateKey(environment: String) -> String {
        (prefix.isEmpty ? "" : prefix + "/") + environment + ".json"
    }

    /// The key of the lock object of `environment`: `<prefix>/<env>.json.lock`.
    public func lockKey(environment: String) -> String {
        stateKey(environment: environment) + ".lock"
    }

    public func location(stack: String, environment: String) -> String {
        "s3://\(bucket)/\(stateKey(environment: environment))"
    }

    public func read(stack: String, environment: String) async throws -> State? {
        let location = location(stack: stack, environment: environment)
        guard
            let object = try await remote(
                "read", location, { try await self.store.get(self.stateKey(environment: environment)) })
        else { return nil }
        return try StateWriteRule.decode(object.bytes, location: location, stack: stack, environment: environment)
    }

    /// Replaces the stored state with `state` if it is of the same lineage and a higher serial,
    /// and only if nobody wrote in between (`If-Match` on the ETag read, `If-None-Match: *` for
    /// the first write). The bucket's versioning keeps every previous version.
    ///
    /// - Throws: `StateBackendError` `.lineageMismatch`, `.staleSerial` (also when another run
    ///   wrote between the read and the write) or `.lockLost` when this run's lock was taken over.
    public func write(_ state: State) async throws {
        let location = location(stack: state.stack, environment: state.environment)
        let key = stateKey(environment: state.environment)
        try checkLockNotLost(environment: state.environment, location: location)
        await warnIfUnversioned()
        for _ in 0..<2 {
            let stored = try await remote("read", location, { try await self.store.get(key) })
            let previous = try stored.map {
                try StateWriteRule.decode(
                    $0.bytes, location: location, stack: state.stack, environment: state.environment)
            }
            guard let next = try StateWriteRule.next(state, replacing: previous, location: location, now: clock.now())
            else {
                return
            }
            do {
                _ = try await store.put(
                    key, StateFile.encode(next), contentType: "application/json",
                    condition: stored.map { .matches($0.etag) } ?? .absent)
                return
            } catch let error as AWSError where error.isConditionFailure {
                continue  // written meanwhile: read again, and the rule refuses what is now stale
            } catch {
                throw Self.remoteError("write", location, error)
            }
        }
        throw StateBackendError.remote(
            "write", location, detail: "another run keeps writing it at the same time; wait for it and plan again")
    }

    /// The environments with a state object under the prefix, sorted.
    public func list(stack: String) async throws -> [String] {
        let base = prefix.isEmpty ? "" : prefix + "/"
        // The listing asks for the prefix's first segment only: moto 5.2.1 rejects the signature
        // of any query value holding a `/` (even botocore's), so the rest is filtered here.
        let firstSegment = String(prefix.prefix { $0 != "/" })
        let keys = try await remote(
            "list", "s3://\(bucket)/\(base)", { try await self.store.keys(prefix: firstSegment) })
        return keys.filter { $0.hasPrefix(base) }.map { String($0.dropFirst(base.count)) }
            .filter { $0.hasSuffix(".json") && !$0.contains("/") }
            .map { String($0.dropLast(".json".count)) }
            .sorted()
    }

    /// The stack whose states live under the prefix (one stack per prefix), read from one of
    /// its states; empty when there is none.
    public func stacks() async throws -> [String] {
        for environment in try await list(stack: "") {
            let location = location(stack: "", environment: environment)
            guard
                let object = try await remote(
                    "read", location, { try await self.store.get(self.stateKey(environment: environment)) })
            else { continue }
            return [try StateFile.decode(object.bytes, file: location).stack]
        }
        return []
    }

    /// Deletes the state object of an environment that records no resource, if nobody wrote it
    /// since it was read (`If-Match`); the bucket's versioning keeps the last version.
    public func delete(stack: String, environment: String) async throws {
        let location = location(stack: stack, environment: environment)
        let key = stateKey(environment: environment)
        try checkLockNotLost(environment: environment, location: location)
        guard let stored = try await remote("read", location, { try await self.store.get(key) }) else { return }
        let state = try StateWriteRule.decode(stored.bytes, location: location, stack: stack, environment: environment)
        guard state.resources.isEmpty && state.deposed.isEmpty else {
            throw StateBackendError.notEmpty(location, count: state.resources.count + state.deposed.count)
        }
        _ = try await remote("delete", location, { try await self.store.delete(key, condition: .matches(stored.etag)) })
    }

    /// Warns once per backend when the bucket does not keep previous versions.
    private func warnIfUnversioned() async {
        guard
            versioningChecked.withLock({ checked in
                defer { checked = true }; return !checked
            })
        else { return }
        if let versioned = try? await store.isVersioned(), !versioned {
            warn(
                "warning: bucket \(bucket) does not have versioning enabled, so overwritten states cannot be recovered; "
                    + "enable it: aws s3api put-bucket-versioning --bucket \(bucket) --versioning-configuration Status=Enabled"
            )
        }
    }

    /// Runs one S3 call, turning its failures into `StateBackendError.remote` naming `location`.
    func remote<T>(_ operation: String, _ location: String, _ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch {
            throw Self.remoteError(operation, location, error)
        }
    }

    static func remoteError(_ operation: String, _ location: String, _ error: any Error) -> any Error {
        if error is StateBackendError || error is CancellationError { return error }
        return StateBackendError.remote(operation, location, detail: String(describing: error))
    }
}
