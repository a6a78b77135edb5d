import Foundation

/// What configuration is read from: environment variables, the home directory and files.
/// Injected so resolution is pure in tests (`AWSEnvironment(variables: [...], files: [...])`).
public struct AWSEnvironment: Sendable, CustomStringConvertible, CustomReflectable {
    /// Environment variables.
    public var variables: [String: String]
    /// The user's home directory (for `~/.aws/credentials` and `~/.aws/config`).
    public var homeDirectory: String
    /// Reads a file's text, or nil when it does not exist.
    public var readFile: @Sendable (String) -> String?

    public init(variables: [String: String], homeDirectory: String, readFile: @escaping @Sendable (String) -> String?) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.readFile = readFile
    }

    /// The process environment and the real file system.
    public static var process: AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return AWSEnvironment(
            variables: variables, homeDirectory: variables["HOME"] ?? NSHomeDirectory(),
            readFile: { path in
                FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            })
    }

    /// A non-empty variable, or nil.
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public var credentialsFilePath: String {
        expandingTilde(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
    }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    public var configFilePath: String { expandingTilde(self["AWS_CONFIG_FILE"] ?? "~/.aws/config") }

    /// The profile named by `AWS_PROFILE` (or the older `AWS_DEFAULT_PROFILE`), else `default`.
    public var profileName: String { self["AWS_PROFILE"] ?? self["AWS_DEFAULT_PROFILE"] ?? "default" }

    private func expandingTilde(_ path: String) -> String {
        path.hasPrefix("~/") ? homeDirectory + String(path.dropFirst(1)) : path
    }

    /// Variables whose values are secrets: masked in `description` and `dump`.
    public static let secretVariables: Set<String> = [
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    ]

    /// The `AWS_*` variables, secrets masked.
    public var description: String {
        let shown = variables.filter { $0.key.hasPrefix("AWS_") }.sorted { $0.key < $1.key }.map { name, value in
            name + "=" + (Self.secretVariables.contains(name) ? "****" : value)
        }
        return "AWSEnvironment(home: \(homeDirectory), \(shown.joined(separator: ", ")))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description])
    }
}
