import FleetformModel

/// A response, or a part of one, read the same way whether the service answered XML (EC2, query,
/// S3) or JSON (EKS, JSON 1.1), so a declaration's read paths work for both.
///
/// Paths are `/`-separated names (`targetCapacitySpecification/totalTargetCapacity`); a path
/// starting with `//` finds its first name anywhere below (`//AutoScalingGroups`, for the
/// `…Result` wrapper of query responses); a number picks a JSON list's element (`MountTargets/0`);
/// `name[element=text]` picks the child `name` whose `element` reads `text` (SNS's attribute
/// entries: `Attributes/entry[key=Policy]/value`).
enum ResponseNode: Sendable {
    case xml(XMLTree)
    case json(AttributeValue)

    /// The node at `path` (the node itself for an empty path).
    func node(_ path: String) -> ResponseNode? {
        var rest = Substring(path)
        var current: ResponseNode? = self
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let first = rest.prefix { $0 != "/" }
            current = descendant(String(first))
            rest = rest.dropFirst(first.count)
        }
        for part in rest.split(separator: "/") {
            current = current?.child(String(part))
        }
        return current
    }

    /// The text at `path`: XML element text; a JSON string, number or boolean as text.
    func string(_ path: String) -> String? { node(path)?.text }

    /// The elements of the list at `path`: an XML wrapper's children, or a JSON array's values.
    func list(_ path: String) -> [ResponseNode] { node(path)?.elements ?? [] }

    /// The node's own text.
    var text: String? {
        switch self {
        case .xml(let tree): return tree.text
        case .json(.string(let text)): return text
        case .json(.number(let number)): return AttributeValue.format(number)
        case .json(.bool(let flag)): return flag ? "true" : "false"
        case .json: return nil
        }
    }

    /// The node as JSON (XML: nil), for values kept as they come (maps).
    var json: AttributeValue? { if case .json(let value) = self { return value } else { return nil } }

    /// The node's elements when it is a list.
    var elements: [ResponseNode] {
        switch self {
        case .xml(let tree): return tree.children.map(ResponseNode.xml)
        case .json(let value): return (value.listValue ?? []).map(ResponseNode.json)
        }
    }

    private func child(_ name: String) -> ResponseNode? {
        if name.hasSuffix("]"), let open = name.firstIndex(of: "["),
            let equals = name[open...].firstIndex(of: "=")
        {
            let element = String(name[name.index(after: open)..<equals])
            let wanted = String(name[name.index(after: equals)..<name.index(before: name.endIndex)])
            return children(String(name[..<open])).first { $0.string(element) == wanted }
        }
        switch self {
        case .xml(let tree): return tree.child(name).map(ResponseNode.xml)
        case .json(.list(let elements)):
            // A JSON list's element by its index (`MountTargets/0`).
            guard let index = Int(name), elements.indices.contains(index) else { return nil }
            return .json(elements[index])
        case .json(let value): return value.mapValue?[name].map(ResponseNode.json)
        }
    }

    /// The children called `name`: an XML element's, or the elements of a JSON list (or the list
    /// at `name` of a JSON map).
    private func children(_ name: String) -> [ResponseNode] {
        switch self {
        case .xml(let tree): return tree.children(name).map(ResponseNode.xml)
        case .json(.list(let elements)): return elements.map(ResponseNode.json)
        case .json(let value): return (value.mapValue?[name]?.listValue ?? []).map(ResponseNode.json)
        }
    }

    private func descendant(_ name: String) -> ResponseNode? {
        switch self {
        case .xml(let tree): return tree.first(name).map(ResponseNode.xml)
        case .json(let value): return Self.find(name, in: value).map(ResponseNode.json)
        }
    }

    private static func find(_ name: String, in value: AttributeValue) -> AttributeValue? {
        switch value {
        case .map(let members):
            if let found = members[name] { return found }
            for (_, member) in members.sorted(by: { $0.key < $1.key }) {
                if let found = find(name, in: member) { return found }
            }
            return nil
        case .list(let elements):
            for element in elements { if let found = find(name, in: element) { return found } }
            return nil
        default: return nil
        }
    }
}
