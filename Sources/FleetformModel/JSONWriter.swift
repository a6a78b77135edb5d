/// The one JSON writer: every stored format (state, manifest, plan, lock, journal) and every
/// report (plan JSON, cost, forecast, recommendations, progress events) is written through it,
/// with its one string escaper (RFC 8259 §7).
///
/// `AttributeValue`s are written with object keys sorted, so equal values always give
/// byte-identical output; `.reference` and `.unknown` are written as `{"$ref": …}` and
/// `{"$unknown": true}`, as the model's `Codable` conformance does. Documents too big to build
/// first, or whose keys have an order of their own, are streamed (`beginObject`, `key`, …).
///
/// ```swift
/// JSONWriter.string(["b": 1, "a": "x"])   // {"a":"x","b":1}
/// ```
public struct JSONWriter {
    /// Indentation per nesting level; nil writes everything on one line.
    public var indent: Int?
    /// What has been written so far.
    public private(set) var bytes: [UInt8] = []

    /// A writer; `indent` nil gives compact output.
    public init(indent: Int? = 2) {
        self.indent = indent
        bytes.reserveCapacity(4096)
    }

    /// `value` as JSON text.
    public static func encode(_ value: AttributeValue, indent: Int? = 2) -> [UInt8] {
        var writer = JSONWriter(indent: indent)
        writer.write(value)
        if indent != nil { writer.bytes.append(0x0A) }
        return writer.bytes
    }

    /// `value` as a JSON string (compact unless `indent` is given).
    public static func string(_ value: AttributeValue, indent: Int? = nil) -> String {
        String(decoding: encode(value, indent: indent), as: UTF8.self)
    }

    /// Writes `value` at nesting `level` (for indentation).
    public mutating func write(_ value: AttributeValue, level: Int = 0) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): writeNumber(n)
        case .string(let s): writeString(s)
        case .list(let list):
            guard !list.isEmpty else { return append("[]") }
            bytes.append(UInt8(ascii: "["))
            for (i, element) in list.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(element, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "]"))
        case .map(let map):
            guard !map.isEmpty else { return append("{}") }
            bytes.append(UInt8(ascii: "{"))
            let entries = map.count == 1 ? Array(map) : map.sorted { $0.key < $1.key }
            for (i, entry) in entries.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                writeString(entry.key)
                bytes.append(UInt8(ascii: ":"))
                if indent != nil { bytes.append(UInt8(ascii: " ")) }
                write(entry.value, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "}"))
        case .reference(let reference): write(.map(["$ref": .string(reference.description)]), level: level)
        case .unknown: write(.map(["$unknown": .bool(true)]), level: level)
        }
    }

    // MARK: Streaming, for documents too big to build as one value first

    /// Whether the object or array being streamed at each open level has an element yet.
    private var hasElements: [Bool] = []

    /// Opens an object whose keys the caller then writes in sorted order with `key(_:level:)`.
    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        hasElements.append(false)
    }

    /// Writes the next key of the object opened at `level`; its value follows at `level + 1`.
    public mutating func key(_ key: String, level: Int) {
        separate(level)
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        if indent != nil { bytes.append(UInt8(ascii: " ")) }
    }

    /// Closes the object opened at `level`.
    public mutating func endObject(level: Int) {
        if hasElements.removeLast() { newline(level) }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens an array whose elements the caller announces with `element(level:)`.
    public mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        hasElements.append(false)
    }

    /// Starts the next element of the array opened at `level`; the element follows at `level + 1`.
    public mutating func element(level: Int) {
        separate(level)
    }

    /// Closes the array opened at `level`.
    public mutating func endArray(level: Int) {
        if hasElements.removeLast() { newline(level) }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func separate(_ level: Int) {
        if hasElements[hasElements.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElements[hasElements.count - 1] = true
        newline(level + 1)
    }

    /// Ends the document (a final newline when indenting) and hands over its bytes.
    public mutating func finish() -> [UInt8] {
        if indent != nil { bytes.append(0x0A) }
        return bytes
    }

    private mutating func newline(_ level: Int) {
        guard let indent else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes the decimal digits of `value` without making a `String`.
    private mutating func writeInteger(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes `s` as a JSON string literal, quotes included.
    public mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in writeString(utf8) }
    }

    /// Writes a number already formatted as JSON (`1234.56`, `-3`).
    public mutating func writeRawNumber(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes `n`: whole numbers without a fraction, others in their shortest round-trip form,
    /// `null` when not finite.
    public mutating func writeNumber(_ n: Double) {
        guard n.isFinite else { return append("null") }
        if n.rounded() == n, abs(n) < 9e15 {
            writeInteger(Int(n))
        } else {
            bytes.append(contentsOf: n.description.utf8)
        }
    }

    /// Writes `true` or `false`.
    public mutating func writeBool(_ b: Bool) { b ? append("true") : append("false") }

    /// Writes `null`.
    public mutating func writeNull() { append("null") }

    private mutating func writeString(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
            start = i + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        bytes.append(UInt8(ascii: "\""))
    }
}
