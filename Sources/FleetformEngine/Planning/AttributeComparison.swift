import FleetformModel

/// Decides whether a desired attribute value differs from the recorded one, the way a user
/// means it: only what the manifest sets is compared, numbers compare numerically (also
/// against the numeric strings some AWS APIs return), maps as maps, lists as lists.
enum AttributeComparison {
    /// Whether `desired` (resolved, from the manifest) matches `recorded` (from state, nil when
    /// the state lacks the attribute). A desired `null` means "not set" and matches anything;
    /// an unknown value never matches, since it is not known to stay the same.
    static func matches(_ desired: AttributeValue, _ recorded: AttributeValue?) -> Bool {
        switch desired {
        case .null: return true
        case .unknown, .reference: return false
        default: break
        }
        guard let recorded else { return false }
        // A `null` the manifest puts inside a block means "not set" there too, as at the top
        // level: the service's choice stands (an ECR repository's `kms_key` when the AWS-managed
        // key encrypts it).
        return equivalent(desired, recorded, unsetMatchesAnything: true)
    }

    /// Structural equality with numeric tolerance of representation (`4`, `4.0` and `"4"`
    /// are the same number; `true` and `"true"` the same bool) and `null` map entries equal
    /// to absent ones.
    /// With `unsetMatchesAnything`, a `null` in `a` matches whatever `b` holds there.
    static func equivalent(_ a: AttributeValue, _ b: AttributeValue, unsetMatchesAnything: Bool = false) -> Bool {
        let same = { (x: AttributeValue, y: AttributeValue) in
            equivalent(x, y, unsetMatchesAnything: unsetMatchesAnything)
        }
        switch (a, b) {
        case (.null, .null): return true
        case (.null, _) where unsetMatchesAnything: return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let n), .string(let s)), (.string(let s), .number(let n)):
            return Double(s) == n
        case (.bool(let v), .string(let s)), (.string(let s), .bool(let v)):
            return s == (v ? "true" : "false")
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.map(let x), .map(let y)):
            for (key, left) in x where !same(left, y[key] ?? .null) { return false }
            // Keys only `y` has must hold null to match.
            for (key, right) in y where x[key] == nil && right != .null { return false }
            return true
        default: return false
        }
    }
}
