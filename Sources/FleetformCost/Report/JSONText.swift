import FleetformModel

/// A JSON value with ordered keys and numbers kept as the exact text to print, so report amounts
/// appear as `1234.56` rather than whatever a float formatter makes of them.
public enum JSONText: Sendable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    /// A number literal, already formatted.
    case number(String)
    case bool(Bool)
    case null

    /// An amount in dollars to `decimals` places.
    public static func money(_ amount: Double, decimals: Int = 2) -> JSONText {
        .number(Money.plain(amount, decimals: decimals))
    }

    /// A plain number (integral values without a fraction).
    public static func number(_ value: Double) -> JSONText {
        if value.rounded() == value, abs(value) < 9e15 { return .number(String(Int(value))) }
        return .number(String(value))
    }

    /// Pretty-printed with two-space indentation, keys in the given order.
    public func rendered() -> String {
        var out = ""
        write(to: &out, indent: "")
        return out
    }

    /// Appends the value to `out` (one buffer for the whole document: large reports stay linear).
    func write(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += inner
                Self.quote(member.0, into: &out)
                out += ": "
                member.1.write(to: &out, indent: inner)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .string(let s): Self.quote(s, into: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quote(_ s: String) -> String { JSONLiteral.quote(s) }

    static func quote(_ s: String, into out: inout String) { JSONLiteral.quote(s, into: &out) }
}
