import FleetformModel

/// Writes `AttributeValue`s as JSON text with object keys sorted, so equal values always give
/// byte-identical output. `.reference` and `.unknown` are written as `{"$ref": …}` and
/// `{"$unknown": true}`, as the model's `Codable` conformance does.
struct JSONWriter {
    /// Indentation per nesting level; nil writes everything on one line.
    var indent: Int?
    private(set) var bytes: [UInt8] = []

    /// A writer; `indent` nil gives compact output.
    init(indent: Int? = 2) {
        self.indent = indent
        bytes.reserveCapacity(4096)
    }

    /// `value` as JSON text.
    static func encode(_ value: AttributeValue, indent: Int? = 2) -> [UInt8] {
        var writer = JSONWriter(indent: indent)
        writer.write(value)
        if indent != nil { writer.bytes.append(0x0A) }
        return writer.bytes
    }

    /// `value` as a JSON string (compact unless `indent` is given).
    static func string(_ value: AttributeValue, indent: Int? = nil) -> String {
        String(decoding: encode(value, indent: indent), as: UTF8.self)
    }

    mutating func write(_ value: AttributeValue, level: Int = 0) {
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
    mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        hasElements.append(false)
    }

    /// Writes the next key of the object opened at `level`; its value follows at `level + 1`.
    mutating func key(_ key: String, level: Int) {
        separate(level)
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        if indent != nil { bytes.append(UInt8(ascii: " ")) }
    }

    /// Closes the object opened at `level`.
    mutating func endObject(level: Int) {
        if hasElements.removeLast() { newline(level) }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens an array whose elements the caller announces with `element(level:)`.
    mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        hasElements.append(false)
    }

    /// Starts the next element of the array opened at `level`; the element follows at `level + 1`.
    mutating func element(level: Int) {
        separate(level)
    }

    /// Closes the array opened at `level`.
    mutating func endArray(level: Int) {
        if hasElements.removeLast() { newline(level) }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func separate(_ level: Int) {
        if hasElements[hasElements.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElements[hasElements.count - 1] = true
        newline(level + 1)
    }

    /// Ends the document (a final newline when indenting) and hands over its bytes.
    mutating func finish() -> [UInt8] {
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

    private mutating func writeNumber(_ n: Double) {
        guard n.isFinite else { return append("null") }
        if n.rounded() == n, abs(n) < 9e15 {
            writeInteger(Int(n))
        } else {
            bytes.append(contentsOf: n.description.utf8)
        }
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

    private mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var plain = true
        for byte in s.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            bytes.append(contentsOf: s.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
