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
            for (i, key) in map.keys.sorted().enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                if indent != nil { bytes.append(UInt8(ascii: " ")) }
                write(map[key]!, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "}"))
        case .reference(let reference): write(.map(["$ref": .string(reference.description)]), level: level)
        case .unknown: write(.map(["$unknown": .bool(true)]), level: level)
        }
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
            bytes.append(contentsOf: String(Int(n)).utf8)
        } else {
            bytes.append(contentsOf: n.description.utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
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
