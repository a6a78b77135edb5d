import FleetformModel
import Foundation

/// The rules every backend applies before storing a state, in one place: a state of another
/// lineage, or a serial not above the stored one, is refused; writing what is stored does
/// nothing; the creation time is carried over. Pure: backends read and write around it.
///
/// ```swift
/// let stored = try StateWriteRule.decode(bytes, location: path, stack: "training", environment: "dev")
/// guard let next = try StateWriteRule.next(state, replacing: stored, location: path, now: clock.now()) else { return }
/// ```
public enum StateWriteRule {
    /// What to store in place of `stored` (nil: nothing there yet), or nil when `state` is
    /// already what is stored.
    ///
    /// - Throws: `StateBackendError.lineageMismatch` or `.staleSerial`, naming `location`.
    public static func next(_ state: State, replacing stored: State?, location: String, now: Date)
        throws(StateBackendError)
        -> State?
    {
        var state = state
        if let stored {
            guard stored.lineage == state.lineage else {
                throw .lineageMismatch(location, stored: stored.lineage, writing: state.lineage)
            }
            if state.metadata.createdAt == nil { state.metadata.createdAt = stored.metadata.createdAt }
            if stored == state { return nil }
            guard state.serial > stored.serial else {
                throw .staleSerial(location, stored: stored.serial, writing: state.serial)
            }
        }
        if state.metadata.createdAt == nil { state.metadata.createdAt = now.rfc3339 }
        return state
    }

    /// Decodes stored state bytes and checks they are the state of `stack`'s `environment`.
    ///
    /// - Throws: `FileFormatError` for unreadable bytes, `StateBackendError.wrongEnvironment`
    ///   for another environment's state.
    public static func decode(_ bytes: [UInt8], location: String, stack: String, environment: String) throws -> State {
        let state = try StateFile.decode(bytes, file: location)
        guard state.stack == stack, state.environment == environment else {
            throw StateBackendError.wrongEnvironment(
                location, found: (state.stack, state.environment), wanted: (stack, environment))
        }
        return state
    }
}
