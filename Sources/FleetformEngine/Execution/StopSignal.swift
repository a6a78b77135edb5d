import Synchronization

/// Asks a running apply to stop scheduling: operations already sent finish and are recorded;
/// nothing new starts. (Cancelling the apply's task instead abandons the calls in flight.)
///
/// ```swift
/// let stop = StopSignal()
/// // first Ctrl-C: stop.request(); second: task.cancel()
/// ```
public final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)

    /// A signal nobody has raised yet.
    public init() {}

    /// Asks the apply to start nothing more.
    public func request() { requested.store(true, ordering: .relaxed) }

    /// Whether a stop was asked for.
    public var isRequested: Bool { requested.load(ordering: .relaxed) }
}
