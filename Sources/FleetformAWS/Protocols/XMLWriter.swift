/// Builds XML request bodies (S3) with escaping.
public struct XMLWriter: Sendable {
    private(set) var text = ""

    /// Starts a document whose root is `root` in S3's namespace.
    public init(root: String, namespace: String? = "http://s3.amazonaws.com/doc/2006-03-01/") {
        text =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + root
            + (namespace.map { " xmlns=\"\($0)\"" } ?? "") + ">"
        self.root = root
    }

    private let root: String

    /// Appends `<name>escaped value</name>`.
    public mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>\(Self.escape(value))</\(name)>"
    }

    /// Appends `<name>` … `</name>` around what `body` writes.
    public mutating func element(_ name: String, _ body: (inout XMLWriter) -> Void) {
        text += "<\(name)>"
        body(&self)
        text += "</\(name)>"
    }

    /// The finished document.
    public var bytes: [UInt8] { Array((text + "</\(root)>").utf8) }

    /// Escapes `& < > " '`.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
