/// Where interrupts (Ctrl-C) come from while a plan runs. The CLI listens for SIGINT; tests
/// interrupt by hand; `NoInterrupts` never interrupts.
public protocol InterruptSource: Sendable {
    /// Calls `handler` on every interrupt until `stop` is called on the result.
    func listen(_ handler: @escaping @Sendable () -> Void) -> any InterruptListening
}

/// An active interrupt listener.
public protocol InterruptListening: Sendable {
    /// Stops listening; the default behaviour of an interrupt returns.
    func stop()
}

/// A source that never interrupts.
public struct NoInterrupts: InterruptSource {
    /// A source that never interrupts.
    public init() {}

    public func listen(_ handler: @escaping @Sendable () -> Void) -> any InterruptListening { Listening() }

    private struct Listening: InterruptListening {
        func stop() {}
    }
}
