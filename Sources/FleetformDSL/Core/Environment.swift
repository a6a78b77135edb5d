/// The environment a stack is being deployed to: `dev`, `staging`, `prod`, `pr-123`.
///
/// The stack body receives it and sizes itself:
/// ```swift
/// .capacity(min: 0, desired: env.isProduction ? 8 : 1, max: 32)
/// let gpus = env.variable("trainer_gpus", default: 16)
/// ```
public struct Environment: Sendable {
    /// The environment's name.
    public let name: String
    /// Whether this is production: never reaped, sized for real traffic.
    public let isProduction: Bool
    /// Variables given on the command line (`--var key=value`).
    public let variables: [String: String]
    /// The stack package's root directory: files a stack reads (capacity recommendations) are
    /// found relative to it, and manifests record source files relative to it. Nil: the
    /// current directory.
    public let root: String?

    /// Names treated as production unless a stack says otherwise.
    public static let defaultProductionNames: Set<String> = ["prod", "production"]

    /// An environment called `name`; production when `isProduction` says so, else when the
    /// name is `prod` or `production`.
    public init(name: String, isProduction: Bool? = nil, variables: [String: String] = [:], root: String? = nil) {
        self.name = name
        self.isProduction = isProduction ?? Self.defaultProductionNames.contains(name.lowercased())
        self.variables = variables
        self.root = root
    }

    /// `path` as written in a stack, resolved against the root (absolute paths stay as they are).
    public func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), let root, !root.isEmpty else { return path }
        return (root.hasSuffix("/") ? root : root + "/") + path
    }

    /// A typed variable: the `--var` value converted to `T`, else `defaultValue`. A value that
    /// does not convert becomes a diagnostic at the caller's line and the default is used.
    public func variable<T: LosslessStringConvertible & Sendable>(
        _ key: String, default defaultValue: T, file: String = #filePath, line: Int = #line
    ) -> T {
        SynthesisContext.current?.noteVariableRead(key)
        guard let text = variables[key] else { return defaultValue }
        if let value = T(text) { return value }
        SynthesisContext.current?.report(
            Diagnostic(
                .error, "variable '\(key)' is '\(text)', which is not a valid \(T.self)",
                hint: "pass --var \(key)=<\(T.self)>", at: SourceLocation(file: file, line: line)))
        return defaultValue
    }
}
