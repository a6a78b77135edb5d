/// Where something was declared: the Swift file and line of a DSL call.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The file path as the compiler gave it (`#filePath`); shown relative to the working directory.
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `plans/training.swift:14`, with the path made relative to `directory` when inside it.
    public func render(relativeTo directory: String?) -> String {
        var path = file
        if let directory, !directory.isEmpty {
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            if path.hasPrefix(prefix) { path.removeFirst(prefix.count) }
        }
        return "\(path):\(line)"
    }

    public var description: String { "\(file):\(line)" }
}

/// One problem found while declaring, validating or planning a stack.
///
/// Rendered as `plans/training.swift:14: error: desired (40) is above max (32) — raise max or lower desired`.
public struct Diagnostic: Hashable, Codable, Sendable {
    public enum Severity: String, Codable, Sendable { case error, warning }

    public var severity: Severity
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var hint: String?
    /// Where the offending declaration is, when known.
    public var location: SourceLocation?
    /// The resource concerned, when there is one.
    public var address: ResourceAddress?

    public init(
        _ severity: Severity = .error, _ message: String, hint: String? = nil, at location: SourceLocation? = nil,
        address: ResourceAddress? = nil
    ) {
        self.severity = severity
        self.message = message
        self.hint = hint
        self.location = location
        self.address = address
    }

    /// `file:line: error: message — hint`; without `severity`, `file:line: message — hint` (under
    /// a heading that says it).
    public func render(relativeTo directory: String? = nil, severity showsSeverity: Bool = true) -> String {
        var s = ""
        if let location { s += location.render(relativeTo: directory) + ": " }
        if showsSeverity { s += severity.rawValue + ": " }
        if let address, location == nil { s += "\(address): " }
        s += message
        if let hint { s += " — " + hint }
        return s
    }
}

/// A set of diagnostics, thrown when any of them is an error.
public struct DiagnosticsError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
