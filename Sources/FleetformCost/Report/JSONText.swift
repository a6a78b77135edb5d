/// A JSON value with ordered keys and numbers kept as the exact text to print, so report amounts
/// appear as `1234.56` rather than whatever a float formatter makes of them.
enum JSONText: Sendable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    /// A number literal, already formatted.
    case number(String)
    case bool(Bool)
    case null

    /// An amount in dollars to `decimals` places.
    static func money(_ amount: Double, decimals: Int = 2) -> JSONText { .number(Money.plain(amount, decimals: decimals)) }

    /// A plain number (integral values without a fraction).
    static func number(_ value: Double) -> JSONText {
        if value.rounded() == value, abs(value) < 9e15 { return .number(String(Int(value))) }
        return .number(String(value))
    }

    /// Pretty-printed with two-space indentation, keys in the given order.
    func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .object(let members):
            if members.isEmpty { return "{}" }
            let body = members.map { inner + Self.quote($0.0) + ": " + $0.1.rendered(indent: inner) }
            return "{\n" + body.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .string(let s): return Self.quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
