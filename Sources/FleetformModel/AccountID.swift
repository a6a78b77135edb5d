import Foundation

/// The cloud account a stack is applied in, which some values must name (a KMS key policy's
/// `arn:aws:iam::ACCOUNT:root`) but which no declaration knows: constructs write `placeholder`
/// where the account goes, and the plan puts the account in before planning, from the state
/// (`recorded(in:)`) or, on apply, from the credentials (STS GetCallerIdentity). A value whose
/// account is not known yet (the first plan of an environment, made offline) is planned as
/// unknown: `(known after apply)`, `after_unknown` in `plan --json`.
///
/// ```swift
/// let policy = #"{"Principal":{"AWS":"arn:aws:iam::\#(AccountID.placeholder):root"}}"#
/// AccountID.resolving(manifest, account: "123456789012")   // the policy names the account
/// AccountID.resolving(manifest, account: nil)              // the policy is .unknown
/// ```
public enum AccountID {
    /// What a declaration writes where the account id goes.
    public static let placeholder = "${fleetform:account_id}"

    /// `manifest` with `placeholder` replaced by `account` in every string attribute (at any
    /// depth); with no account, each attribute holding it becomes unknown.
    public static func resolving(_ manifest: Manifest, account: String?) -> Manifest {
        var manifest = manifest
        for index in manifest.resources.indices {
            let attributes = manifest.resources[index].attributes
            guard attributes.values.contains(where: mentionsPlaceholder) else { continue }
            manifest.resources[index].attributes = attributes.mapValues { value in
                guard mentionsPlaceholder(value) else { return value }
                guard let account else { return .unknown }
                return replacing(value, with: account)
            }
        }
        return manifest
    }

    /// Whether any attribute of `manifest` holds `placeholder` (the account is needed).
    public static func isMentioned(in manifest: Manifest) -> Bool {
        manifest.resources.contains { isMentioned(in: $0.attributes) }
    }

    /// Whether any of `attributes` holds `placeholder`.
    public static func isMentioned(in attributes: [String: AttributeValue]) -> Bool {
        attributes.values.contains(where: mentionsPlaceholder)
    }

    /// The account the state's resources were made in, read from their recorded ARNs
    /// (`arn:PARTITION:SERVICE:REGION:ACCOUNT:…`); nil when none records one.
    public static func recorded(in state: State) -> String? {
        for resource in state.sortedResources {
            guard
                let arn = resource.attributes["arn"]?.stringValue ?? (resource.id.hasPrefix("arn:") ? resource.id : nil)
            else { continue }
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if parts.count > 4, parts[4].count == 12, parts[4].allSatisfy(\.isNumber) { return String(parts[4]) }
        }
        return nil
    }

    private static func mentionsPlaceholder(_ value: AttributeValue) -> Bool {
        switch value {
        case .string(let text): return text.contains(placeholder)
        case .list(let elements): return elements.contains(where: mentionsPlaceholder)
        case .map(let members): return members.values.contains(where: mentionsPlaceholder)
        default: return false
        }
    }

    private static func replacing(_ value: AttributeValue, with account: String) -> AttributeValue {
        switch value {
        case .string(let text): return .string(text.replacingOccurrences(of: placeholder, with: account))
        case .list(let elements): return .list(elements.map { replacing($0, with: account) })
        case .map(let members): return .map(members.mapValues { replacing($0, with: account) })
        default: return value
        }
    }
}
