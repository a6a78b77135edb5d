import Foundation

/// An AWS shared credentials or config file: INI sections of `key = value` pairs.
///
/// In the config file a section is `[profile NAME]` (or `[default]`); in the credentials file it
/// is `[NAME]`. Comments start with `#` or `;`; indented lines under a key (nested settings such as
/// `s3 =`) belong to that key and are ignored here.
public struct SharedConfigFile: Sendable, Hashable {
    /// Whether section names carry the `profile ` prefix.
    public enum Kind: Sendable { case credentials, config }

    /// Settings by profile name, keys lower-cased.
    public private(set) var profiles: [String: [String: String]] = [:]

    public init(parsing text: String, kind: Kind) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = Self.profileName(section: name, kind: kind)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard let profile = current, !isIndented, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            profiles[profile, default: [:]][key] = value
        }
    }

    /// The profile a section header names, or nil for sections that are not profiles (`[sso-session x]`).
    private static func profileName(section: String, kind: Kind) -> String? {
        switch kind {
        case .credentials:
            return section
        case .config:
            if section == "default" { return "default" }
            let parts = section.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 && parts[0] == "profile" ? parts[1] : nil
        }
    }

    /// The settings of `profile`, or nil when the file has no such section.
    public subscript(profile: String) -> [String: String]? { profiles[profile] }
}
