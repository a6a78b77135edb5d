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

extension DependencyGraph {
    /// Every node, each after all of its dependencies; among nodes whose dependencies are all
    /// placed, the smallest goes first (Kahn's algorithm with a sorted ready set).
    ///
    /// Fails with one cycle of the graph when there is one.
    public func topologicalOrder() -> Result<[Node], DependencyCycle<Node>> {
        var remaining: [Node: Int] = [:]
        remaining.reserveCapacity(nodes.count)
        for node in nodes { remaining[node] = dependencies(ofCount: node) }
        var ready = MinHeap<Node>()
        for (node, count) in remaining where count == 0 { ready.insert(node) }
        var order: [Node] = []
        order.reserveCapacity(nodes.count)
        while let node = ready.popMin() {
            order.append(node)
            for dependent in dependentsSet(of: node) {
                remaining[dependent]! -= 1
                if remaining[dependent] == 0 { ready.insert(dependent) }
            }
        }
        if order.count == nodes.count { return .success(order) }
        let stuck = Set(remaining.filter { $0.value > 0 }.keys)
        return .failure(findCycle(among: stuck)!)
    }

    /// One cycle of the graph, or nil when the graph is acyclic.
    public func findCycle() -> DependencyCycle<Node>? {
        if case .failure(let cycle) = topologicalOrder() { return cycle }
        return nil
    }

    /// Walks dependency edges inside `stuck` (nodes left over by Kahn's algorithm, each of which
    /// has a dependency in `stuck`) until a node repeats: the walk from its first visit is a cycle.
    private func findCycle(among stuck: Set<Node>) -> DependencyCycle<Node>? {
        guard var node = stuck.min() else { return nil }
        var path: [Node] = []
        var position: [Node: Int] = [:]
        while position[node] == nil {
            position[node] = path.count
            path.append(node)
            guard let next = dependencies(of: node).first(where: { stuck.contains($0) }) else { return nil }
            node = next
        }
        return DependencyCycle(Array(path[position[node]!...]))
    }

    private func dependencies(ofCount node: Node) -> Int {
        dependenciesByNode[node]?.count ?? 0
    }

    private func dependentsSet(of node: Node) -> Set<Node> {
        dependentsByNode[node] ?? []
    }
}

/// A binary min-heap: the ready set of the topological sort.
struct MinHeap<Element: Comparable> {
    private var storage: [Element] = []

    mutating func insert(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Element? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let min = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < storage.count, storage[left] < storage[smallest] { smallest = left }
            if right < storage.count, storage[right] < storage[smallest] { smallest = right }
            if smallest == parent { break }
            storage.swapAt(parent, smallest)
            parent = smallest
        }
        return min
    }
}
