/// A stored file (state, manifest, saved plan) that cannot be used: unreadable JSON, a version
/// this Fleetform does not know, a field of the wrong shape, or a saved plan that no longer
/// matches the state. The message names the file and says what to do.
///
/// Match on `kind`: `if error.kind == .unsupportedVersion { … }`.
public struct FileFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for matching.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Hashable, Sendable {
            case corrupt, truncated, unsupportedVersion, invalidField, stalePlan, foreignPlan
        }
        private let code: Code

        /// The file is not valid JSON.
        public static let corrupt = Kind(code: .corrupt)
        /// The file ends in the middle of its JSON.
        public static let truncated = Kind(code: .truncated)
        /// The file's version is missing or not one this Fleetform reads.
        public static let unsupportedVersion = Kind(code: .unsupportedVersion)
        /// A field is missing or has the wrong type.
        public static let invalidField = Kind(code: .invalidField)
        /// A saved plan was made against a state that has changed since.
        public static let stalePlan = Kind(code: .stalePlan)
        /// A saved plan belongs to another stack, environment or state history.
        public static let foreignPlan = Kind(code: .foreignPlan)

        public var description: String { code.rawValue }
    }

    /// What went wrong.
    public let kind: Kind
    /// The file concerned, as given to the reader.
    public let file: String
    /// The full message: what is wrong with the file and what to do about it.
    public let message: String

    private init(_ kind: Kind, file: String, _ message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    public var description: String { message }

    /// `file` is not valid JSON; `position` is where the parser stopped.
    static func corrupt(_ document: DocumentKind, file: String, detail: String, line: Int, column: Int) -> Self {
        Self(
            .corrupt, file: file,
            "\(file) is not a valid \(document.title): \(detail) at line \(line), column \(column); "
                + document.recoveryHint(file: file))
    }

    /// `file` stops in the middle of its JSON after `size` bytes.
    static func truncated(_ document: DocumentKind, file: String, size: Int) -> Self {
        Self(
            .truncated, file: file,
            "\(file) is truncated: its JSON ends unfinished after \(size) bytes (an interrupted write or copy?); "
                + document.recoveryHint(file: file))
    }

    /// `file` has no version field, or not a number.
    static func missingVersion(_ document: DocumentKind, file: String) -> Self {
        Self(
            .unsupportedVersion, file: file,
            "\(file) has no numeric \"\(document.versionKey)\" field, so it is not a Fleetform \(document.title); "
                + "check the path, or " + document.recoveryHint(file: file))
    }

    /// `file` is of version `found`, which this Fleetform cannot read.
    static func unsupportedVersion(_ document: DocumentKind, file: String, found: Int, supported: Int) -> Self {
        let what =
            found > supported
            ? "was written by a newer Fleetform; install a release that reads version \(found) "
                + "(this one reads version \(supported) and older)"
            : "was never written by any Fleetform (versions start at 1; this one reads up to \(supported)); "
                + document.recoveryHint(file: file)
        return Self(
            .unsupportedVersion, file: file, "\(file) is a \(document.title) of version \(found), which " + what)
    }

    /// A field at `path` is missing or not `expected`.
    static func invalidField(_ document: DocumentKind, file: String, path: String, expected: String) -> Self {
        Self(
            .invalidField, file: file,
            "\(file): \(path) should be \(expected) in a \(document.title); " + document.recoveryHint(file: file))
    }

    /// A saved plan that no longer matches the state it was made against.
    static func stalePlan(file: String, _ detail: String) -> Self {
        Self(
            .stalePlan, file: file,
            "\(file) is stale: \(detail); make a new plan with 'fleetform plan --out \(file)' and apply that")
    }

    /// A saved plan made for another stack, environment or state history.
    static func foreignPlan(file: String, _ detail: String) -> Self {
        Self(.foreignPlan, file: file, "\(file) does not belong here: \(detail)")
    }
}
