/// A cycle found in a `DependencyGraph`: its nodes in dependency order, each depending on the
/// next, the last depending on the first.
public struct DependencyCycle<Node: Hashable & Comparable & Sendable>: Error, Hashable, Sendable {
    /// The nodes of the cycle, starting from its smallest node.
    public var nodes: [Node]

    /// A cycle through `nodes`, rotated to start at the smallest so equal cycles compare equal.
    public init(_ nodes: [Node]) {
        guard let start = nodes.indices.min(by: { nodes[$0] < nodes[$1] }) else {
            self.nodes = nodes
            return
        }
        self.nodes = Array(nodes[start...] + nodes[..<start])
    }
}
