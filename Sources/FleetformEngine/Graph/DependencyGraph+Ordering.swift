extension DependencyGraph {
    /// Every node, each after all of its dependencies; among nodes whose dependencies are all
    /// placed, the smallest goes first (Kahn's algorithm with a sorted ready set).
    ///
    /// Fails with one cycle of the graph when there is one.
    public func topologicalOrder() -> Result<[Node], DependencyCycle<Node>> {
        let count = nodeByIndex.count
        // Rank nodes once by their order, so the ready set compares integers.
        let byRank = nodeByIndex.withUnsafeBufferPointer { nodes in (0..<count).sorted { nodes[$0] < nodes[$1] } }
        var rank = [Int](repeating: 0, count: count)
        for (position, index) in byRank.enumerated() { rank[index] = position }
        var remaining = dependencyIndices.map(\.count)
        var ready = MinHeap<Int>()
        for index in 0..<count where remaining[index] == 0 { ready.insert(rank[index]) }
        var order: [Node] = []
        order.reserveCapacity(count)
        while let nextRank = ready.popMin() {
            let index = byRank[nextRank]
            order.append(nodeByIndex[index])
            for dependent in dependentIndices[index] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { ready.insert(rank[dependent]) }
            }
        }
        if order.count == count { return .success(order) }
        let stuck = Set((0..<count).filter { remaining[$0] > 0 }.map { nodeByIndex[$0] })
        // Nodes left with unmet dependencies always close a cycle among themselves.
        guard let cycle = findCycle(among: stuck) else { preconditionFailure("stuck nodes without a cycle") }
        return .failure(cycle)
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
        // The loop ends when node is already on the path.
        return DependencyCycle(Array(path[(position[node] ?? 0)...]))
    }
}
