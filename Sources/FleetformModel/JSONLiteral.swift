/// JSON string literals for code that assembles text: the escaping is `JSONWriter`'s, the one
/// escaper (RFC 8259 §7).
public enum JSONLiteral {
    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String) -> String {
        var writer = JSONWriter(indent: nil)
        writer.writeString(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`.
    public static func quote(_ text: String, into out: inout String) {
        out += quote(text)
    }
}
