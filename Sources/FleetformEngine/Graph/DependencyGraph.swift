/// A directed graph of dependencies between nodes of any comparable type: an edge from a
/// dependent to one of its dependencies. It knows nothing of resources or plans.
///
/// Every listing is deterministic: where the graph leaves a choice, nodes come in their
/// `Comparable` order. Nodes are numbered internally, so large graphs (100,000 resources) stay
/// cheap to build and sort.
///
/// ```swift
/// var graph = DependencyGraph<String>()
/// graph.addEdge(from: "subnet", to: "vpc")
/// let order = try graph.topologicalOrder().get()   // ["vpc", "subnet"]
/// ```
public struct DependencyGraph<Node: Hashable & Comparable & Sendable>: Sendable {
    /// Node numbers, in insertion order.
    private(set) var indexByNode: [Node: Int] = [:]
    /// Nodes by number.
    private(set) var nodeByIndex: [Node] = []
    /// Direct dependencies and dependents, by node number.
    private(set) var dependencyIndices: [[Int]] = []
    private(set) var dependentIndices: [[Int]] = []
    /// Every edge as `dependent << 32 | dependency`, to ignore repeats.
    private var edgeKeys: Set<Int> = []

    /// An empty graph.
    public init() {}

    /// Every node, dependent or not.
    public var nodes: Set<Node> { Set(nodeByIndex) }

    /// How many nodes the graph has.
    public var count: Int { nodeByIndex.count }

    /// Adds a node with no edges (nothing happens if it is already there).
    public mutating func addNode(_ node: Node) {
        _ = index(of: node)
    }

    private mutating func index(of node: Node) -> Int {
        if let index = indexByNode[node] { return index }
        let index = nodeByIndex.count
        indexByNode[node] = index
        nodeByIndex.append(node)
        dependencyIndices.append([])
        dependentIndices.append([])
        return index
    }

    /// Records that `dependent` depends on `dependency`, adding both nodes.
    public mutating func addEdge(from dependent: Node, to dependency: Node) {
        let from = index(of: dependent), to = index(of: dependency)
        guard edgeKeys.insert(from << 32 | to).inserted else { return }
        dependencyIndices[from].append(to)
        dependentIndices[to].append(from)
    }

    /// The nodes `node` depends on directly, sorted.
    public func dependencies(of node: Node) -> [Node] {
        guard let index = indexByNode[node] else { return [] }
        return dependencyIndices[index].map { nodeByIndex[$0] }.sorted()
    }

    /// The nodes that depend directly on `node`, sorted.
    public func dependents(of node: Node) -> [Node] {
        guard let index = indexByNode[node] else { return [] }
        return dependentIndices[index].map { nodeByIndex[$0] }.sorted()
    }

    /// Every edge as (dependent, dependency), sorted by dependent then dependency.
    public var edges: [(dependent: Node, dependency: Node)] {
        nodeByIndex.sorted().flatMap { dependent in
            dependencies(of: dependent).map { (dependent: dependent, dependency: $0) }
        }
    }

    /// Everything `roots` depend on, directly or transitively (the roots themselves excluded
    /// unless a cycle leads back to them).
    public func ancestors(of roots: some Sequence<Node>) -> Set<Node> {
        reachable(from: roots, following: dependencyIndices)
    }

    /// Everything that depends on `roots`, directly or transitively: what must not run when one
    /// of the roots fails (the roots themselves excluded unless a cycle leads back to them).
    public func descendants(of roots: some Sequence<Node>) -> Set<Node> {
        reachable(from: roots, following: dependentIndices)
    }

    private func reachable(from roots: some Sequence<Node>, following adjacency: [[Int]]) -> Set<Node> {
        var seen = [Bool](repeating: false, count: nodeByIndex.count)
        var stack = roots.compactMap { indexByNode[$0] }
        var result: Set<Node> = []
        while let index = stack.popLast() {
            for next in adjacency[index] where !seen[next] {
                seen[next] = true
                result.insert(nodeByIndex[next])
                stack.append(next)
            }
        }
        return result
    }

    /// The subgraph holding only `kept` nodes and the edges between them.
    public func restricted(to kept: Set<Node>) -> DependencyGraph {
        var graph = DependencyGraph()
        for (index, node) in nodeByIndex.enumerated() where kept.contains(node) {
            graph.addNode(node)
            for dependency in dependencyIndices[index] where kept.contains(nodeByIndex[dependency]) {
                graph.addEdge(from: node, to: nodeByIndex[dependency])
            }
        }
        return graph
    }
}
