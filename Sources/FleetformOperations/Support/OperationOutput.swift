import FleetformEngine
import FleetformModel

/// What an operation says while it runs: progress events, lines for people, warnings and the
/// diagnostics of synthesis. The CLI prints them (text or JSON lines); tests collect them.
/// What an operation decided or did at the end comes back as its report, not through here.
public protocol OperationOutput: Sendable {
    /// An apply or refresh event: an operation started, finished, failed, was skipped.
    func event(_ event: ApplyEvent)
    /// A line for people; `type` names it as a JSON event (`message`, `summary`, `interrupt`, …).
    func message(_ text: String, type: String)
    /// A warning or an error line, for standard error.
    func warning(_ text: String)
    /// Non-fatal diagnostics (warnings) found while synthesizing a stack.
    func diagnostics(_ diagnostics: [Diagnostic])
    /// Long-running operations are under way (the CLI shows `Still creating…` lines).
    func progressStarted()
    /// No operation is running any more.
    func progressStopped()
}

extension OperationOutput {
    /// A line for people, of type `message`.
    public func message(_ text: String) { message(text, type: "message") }
    public func progressStarted() {}
    public func progressStopped() {}
}

/// Output nobody reads.
public struct SilentOutput: OperationOutput {
    /// Discards everything.
    public init() {}
    public func event(_ event: ApplyEvent) {}
    public func message(_ text: String, type: String) {}
    public func warning(_ text: String) {}
    public func diagnostics(_ diagnostics: [Diagnostic]) {}
}
