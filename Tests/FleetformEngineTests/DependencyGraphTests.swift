import FleetformEngine
import Testing

struct DependencyGraphTests {
    @Test func topologicalOrderPutsDependenciesFirstAndBreaksTiesByNode() throws {
        var graph = DependencyGraph<String>()
        graph.addEdge(from: "subnet-b", to: "vpc")
        graph.addEdge(from: "subnet-a", to: "vpc")
        graph.addEdge(from: "pool", to: "subnet-b")
        graph.addEdge(from: "pool", to: "subnet-a")
        graph.addNode("bucket")
        let order = try graph.topologicalOrder().get()
        #expect(order == ["bucket", "vpc", "subnet-a", "subnet-b", "pool"])
    }

    @Test func orderIsTheSameWhateverTheInsertionOrder() throws {
        let edges = [("c", "a"), ("d", "b"), ("e", "c"), ("e", "d"), ("b", "a")]
        var first = DependencyGraph<String>()
        for (from, to) in edges { first.addEdge(from: from, to: to) }
        var second = DependencyGraph<String>()
        for (from, to) in edges.reversed() { second.addEdge(from: from, to: to) }
        #expect(try first.topologicalOrder().get() == second.topologicalOrder().get())
    }

    @Test func cycleIsReportedWithItsNodesInOrder() {
        var graph = DependencyGraph<String>()
        graph.addEdge(from: "a", to: "b")
        graph.addEdge(from: "b", to: "c")
        graph.addEdge(from: "c", to: "a")
        graph.addEdge(from: "d", to: "a")
        graph.addEdge(from: "e", to: "f")
        guard case .failure(let cycle) = graph.topologicalOrder() else {
            Issue.record("a cycle was not detected")
            return
        }
        #expect(cycle.nodes == ["a", "b", "c"])
        #expect(graph.findCycle() == cycle)
    }

    @Test func selfLoopIsACycle() {
        var graph = DependencyGraph<Int>()
        graph.addEdge(from: 1, to: 1)
        #expect(graph.findCycle()?.nodes == [1])
    }

    @Test func acyclicGraphHasNoCycle() {
        var graph = DependencyGraph<Int>()
        graph.addEdge(from: 2, to: 1)
        graph.addEdge(from: 3, to: 1)
        #expect(graph.findCycle() == nil)
    }

    @Test func ancestorsAndDescendantsAreTransitive() {
        var graph = DependencyGraph<String>()
        graph.addEdge(from: "subnet", to: "vpc")
        graph.addEdge(from: "pool", to: "subnet")
        graph.addEdge(from: "pool", to: "template")
        graph.addNode("bucket")
        #expect(graph.ancestors(of: ["pool"]) == ["subnet", "vpc", "template"])
        #expect(graph.descendants(of: ["vpc"]) == ["subnet", "pool"])
        #expect(graph.descendants(of: ["bucket"]).isEmpty)
        #expect(graph.dependencies(of: "pool") == ["subnet", "template"])
        #expect(graph.dependents(of: "subnet") == ["pool"])
    }

    @Test func restrictionKeepsOnlyEdgesInside() {
        var graph = DependencyGraph<String>()
        graph.addEdge(from: "b", to: "a")
        graph.addEdge(from: "c", to: "b")
        let sub = graph.restricted(to: ["b", "c"])
        #expect(sub.nodes == ["b", "c"])
        #expect(sub.edges.map { "\($0.dependent)->\($0.dependency)" } == ["c->b"])
    }

    @Test func largeChainSortsQuickly() throws {
        var graph = DependencyGraph<Int>()
        for i in 1..<20_000 { graph.addEdge(from: i, to: i - 1) }
        let order = try graph.topologicalOrder().get()
        #expect(order == Array(0..<20_000))
    }
}
