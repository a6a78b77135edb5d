/// A JSON value with ordered keys and numbers kept as the exact text to print, so report amounts
/// appear as `1234.56` rather than whatever a float formatter makes of them. Written through
/// `JSONWriter`.
public enum JSONText: Sendable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    /// A number literal, already formatted.
    case number(String)
    case bool(Bool)
    case null

    /// A plain number (integral values without a fraction).
    public static func number(_ value: Double) -> JSONText {
        if value.rounded() == value, abs(value) < 9e15 { return .number(String(Int(value))) }
        return .number(String(value))
    }

    /// Pretty-printed with two-space indentation, keys in the given order (no final newline).
    public func rendered() -> String {
        var writer = JSONWriter(indent: 2)
        write(to: &writer, level: 0)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// On one line, keys in the given order (no final newline).
    public func compact() -> String {
        var writer = JSONWriter(indent: nil)
        write(to: &writer, level: 0)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Writes the value into `writer` at nesting `level`.
    public func write(to writer: inout JSONWriter, level: Int) {
        switch self {
        case .object(let members):
            writer.beginObject()
            for (key, value) in members {
                writer.key(key, level: level)
                value.write(to: &writer, level: level + 1)
            }
            writer.endObject(level: level)
        case .array(let items):
            writer.beginArray()
            for item in items {
                writer.element(level: level)
                item.write(to: &writer, level: level + 1)
            }
            writer.endArray(level: level)
        case .string(let s): writer.writeString(s)
        case .number(let n): writer.writeRawNumber(n)
        case .bool(let b): writer.writeBool(b)
        case .null: writer.writeNull()
        }
    }
}
