import FleetformModel

/// The part of planning that depends only on which resources a manifest declares and what they
/// refer to: each resource's dependencies, the graph between them and an order that respects it.
/// It does not change when attribute values without references do (such as the expiry tag added
/// once the state is read), so `fleetform plan` works it out while the state is still loading and
/// hands it to ``Planner/plan(manifest:state:schemas:options:dependencies:)``.
public struct ManifestDependencies: Sendable {
    /// Each declared resource's references and `dependsOn` entries, declared or not.
    let dependencies: [ResourceAddress: [ResourceAddress]]
    /// Edges between declared resources only.
    let graph: DependencyGraph<ResourceAddress>
    /// Every declared resource after what it depends on, or a cycle.
    let order: Result<[ResourceAddress], DependencyCycle<ResourceAddress>>

    /// Analyses `manifest` (the last declaration wins when an address repeats, as in planning).
    public init(_ manifest: Manifest) {
        var dependencies: [ResourceAddress: [ResourceAddress]] = [:]
        dependencies.reserveCapacity(manifest.resources.count)
        for index in manifest.resources.indices {
            dependencies[manifest.resources[index].address] = manifest.resources[index].allDependencies
        }
        var graph = DependencyGraph<ResourceAddress>()
        for (address, targets) in dependencies {
            graph.addNode(address)
            for dependency in targets where dependencies[dependency] != nil {
                graph.addEdge(from: address, to: dependency)
            }
        }
        self.dependencies = dependencies
        self.graph = graph
        order = graph.topologicalOrder()
    }
}
