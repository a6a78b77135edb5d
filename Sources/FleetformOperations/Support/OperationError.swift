/// A failure of an operation, said in words with what to do: `no stack named 'trainig'; known
/// stacks: training, inference`. The CLI prints it as `Error: <message>` and exits 1.
public struct OperationError: Error, CustomStringConvertible, Sendable {
    /// What happened and what to do.
    public let description: String

    /// An error with `message`.
    public init(_ message: String) { description = message }
}

/// The operation stopped in a way that has its own exit code (for example 130 after Ctrl-C);
/// what happened has already been reported.
public struct OperationExit: Error, Sendable {
    /// The process exit code the CLI should use.
    public let code: Int32

    /// An exit with `code`.
    public init(_ code: Int32) { self.code = code }
}
