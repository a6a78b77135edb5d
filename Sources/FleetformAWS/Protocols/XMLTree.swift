import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element: name (namespace prefix dropped), text and children. AWS's XML responses
/// are small, so a tree is simpler than streaming.
///
/// ```swift
/// let root = try XMLTree.parse(response.body)
/// let ids = root.all("vpcId").map(\.text)
/// ```
public final class XMLTree: Sendable {
    public let name: String
    /// The concatenated text directly inside this element, trimmed.
    public let text: String
    public let children: [XMLTree]

    init(name: String, text: String, children: [XMLTree]) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// Parses `bytes`; throws `AWSError.invalidResponse` when they are not well-formed XML.
    public static func parse(_ bytes: [UInt8]) throws -> XMLTree {
        // AWS answers in UTF-8; FoundationXML traps on element names that are not (found by
        // scripts/fuzz, aws-xml), so anything else is refused before it gets there.
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw AWSError(
                kind: .invalidResponse, code: "MalformedXML",
                message: "expected UTF-8 XML, got \(bytes.count) bytes that are not valid UTF-8")
        }
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let snippet = String(decoding: bytes.prefix(200), as: UTF8.self)
            throw AWSError(
                kind: .invalidResponse, code: "MalformedXML",
                message: "expected XML, got '\(snippet)' (\(parser.parserError.map { "\($0)" } ?? "empty"))")
        }
        return root
    }

    /// The first direct child called `name`.
    public func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Every direct child called `name`.
    public func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// Follows direct children along a `/`-separated path (`"vpcSet/item"` gives the first match).
    public func at(_ path: String) -> XMLTree? {
        var node: XMLTree? = self
        for part in path.split(separator: "/") { node = node?.child(String(part)) }
        return node
    }

    /// The text at `path`, or nil when there is no such element.
    public func string(_ path: String) -> String? { at(path)?.text }

    /// The elements of a list wrapper at `path` (`<tagSet><item>…</item></tagSet>`, `<Tags><member>…`).
    public func list(_ path: String) -> [XMLTree] { at(path)?.children ?? [] }

    /// Every descendant (or self) called `name`, depth first.
    public func all(_ name: String) -> [XMLTree] {
        var found: [XMLTree] = self.name == name ? [self] : []
        for child in children { found += child.all(name) }
        return found
    }

    /// The first descendant (or self) called `name`.
    public func first(_ name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children { if let match = child.first(name) { return match } }
        return nil
    }

    private final class Builder: NSObject, XMLParserDelegate {
        private var stack: [(name: String, text: String, children: [XMLTree])] = []
        var root: XMLTree?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append((local, "", []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            guard let top = stack.popLast() else { return }
            let node = XMLTree(
                name: top.name, text: top.text.trimmingCharacters(in: .whitespacesAndNewlines), children: top.children)
            if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
        }
    }
}
