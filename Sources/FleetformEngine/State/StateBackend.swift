import FleetformModel

/// Where the state of each stack and environment is kept, and how runs exclude each other.
///
/// Take the lock before reading state you mean to change, and release it after the last write:
///
/// ```swift
/// let handle = try await backend.lock(stack: "training", environment: "dev", info: .current(command: "fleetform apply"))
/// defer { Task { try? await backend.unlock(stack: "training", environment: "dev", id: handle.id) } }
/// var state = try await backend.read(stack: "training", environment: "dev") ?? State(lineage: …)
/// ```
public protocol StateBackend: Sendable {
    /// The state of `stack`'s `environment`, or nil when none has been written yet.
    func read(stack: String, environment: String) async throws -> State?

    /// Stores `state` (under its `stack` and `environment`) so that it is never half written:
    /// the previous version stays readable until the new one is complete. A state of another
    /// lineage, or a serial not above the stored one, is refused.
    func write(_ state: State) async throws

    /// Takes the exclusive lock of `stack`'s `environment`, recording `info`; fails at once,
    /// naming the holder, when another run holds it.
    func lock(stack: String, environment: String, info: LockInfo) async throws -> LockHandle

    /// Releases the lock with `id`: one this process holds, or one left by a run that died.
    func unlock(stack: String, environment: String, id: String) async throws

    /// The environments of `stack` that have a state, sorted.
    func list(stack: String) async throws -> [String]

    /// The stacks that have at least one environment with a state, sorted.
    func stacks() async throws -> [String]

    /// Removes the state of `stack`'s `environment` once it records no resource (after a
    /// destroy or a reap), keeping its last version recoverable (a backup file, or the bucket's
    /// object versions). Refuses a state that still records resources.
    func delete(stack: String, environment: String) async throws

    /// Where the state of `stack`'s `environment` lives, for messages (`.fleetform/state/training/dev.json`).
    func location(stack: String, environment: String) -> String
}
