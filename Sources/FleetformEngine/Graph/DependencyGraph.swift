/// A directed graph of dependencies between nodes of any comparable type: an edge from a
/// dependent to one of its dependencies. It knows nothing of resources or plans.
///
/// Every listing is deterministic: where the graph leaves a choice, nodes come in their
/// `Comparable` order.
///
/// ```swift
/// var graph = DependencyGraph<String>()
/// graph.addEdge(from: "subnet", to: "vpc")
/// let order = try graph.topologicalOrder().get()   // ["vpc", "subnet"]
/// ```
public struct DependencyGraph<Node: Hashable & Comparable & Sendable>: Sendable {
    /// Every node, dependent or not.
    public private(set) var nodes: Set<Node> = []
    private(set) var dependenciesByNode: [Node: Set<Node>] = [:]
    private(set) var dependentsByNode: [Node: Set<Node>] = [:]

    /// An empty graph.
    public init() {}

    /// Adds a node with no edges (nothing happens if it is already there).
    public mutating func addNode(_ node: Node) {
        nodes.insert(node)
    }

    /// Records that `dependent` depends on `dependency`, adding both nodes.
    public mutating func addEdge(from dependent: Node, to dependency: Node) {
        nodes.insert(dependent)
        nodes.insert(dependency)
        dependenciesByNode[dependent, default: []].insert(dependency)
        dependentsByNode[dependency, default: []].insert(dependent)
    }

    /// Whether `dependent` depends directly on `dependency`.
    public func hasEdge(from dependent: Node, to dependency: Node) -> Bool {
        dependenciesByNode[dependent]?.contains(dependency) ?? false
    }

    /// The nodes `node` depends on directly, sorted.
    public func dependencies(of node: Node) -> [Node] {
        (dependenciesByNode[node] ?? []).sorted()
    }

    /// The nodes that depend directly on `node`, sorted.
    public func dependents(of node: Node) -> [Node] {
        (dependentsByNode[node] ?? []).sorted()
    }

    /// Every edge as (dependent, dependency), sorted by dependent then dependency.
    public var edges: [(dependent: Node, dependency: Node)] {
        dependenciesByNode.keys.sorted().flatMap { dependent in
            dependencies(of: dependent).map { (dependent: dependent, dependency: $0) }
        }
    }

    /// Everything `roots` depend on, directly or transitively (the roots themselves excluded
    /// unless a cycle leads back to them).
    public func ancestors(of roots: some Sequence<Node>) -> Set<Node> {
        reachable(from: roots, following: dependenciesByNode)
    }

    /// Everything that depends on `roots`, directly or transitively: what must not run when one
    /// of the roots fails (the roots themselves excluded unless a cycle leads back to them).
    public func descendants(of roots: some Sequence<Node>) -> Set<Node> {
        reachable(from: roots, following: dependentsByNode)
    }

    private func reachable(from roots: some Sequence<Node>, following adjacency: [Node: Set<Node>]) -> Set<Node> {
        var seen: Set<Node> = []
        var stack = Array(roots)
        while let node = stack.popLast() {
            for next in adjacency[node] ?? [] where seen.insert(next).inserted {
                stack.append(next)
            }
        }
        return seen
    }

    /// The subgraph holding only `kept` nodes and the edges between them.
    public func restricted(to kept: Set<Node>) -> DependencyGraph {
        var graph = DependencyGraph()
        for node in nodes where kept.contains(node) {
            graph.addNode(node)
            for dependency in dependenciesByNode[node] ?? [] where kept.contains(dependency) {
                graph.addEdge(from: node, to: dependency)
            }
        }
        return graph
    }
}
