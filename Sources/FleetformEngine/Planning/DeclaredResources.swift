import FleetformModel

/// A manifest's resources found by address, without copying them into a dictionary (a declared
/// resource is large, and the planner looks most of them up once).
struct DeclaredResources {
    let resources: [ManifestResource]
    private let position: [ResourceAddress: Int]

    /// The manifest's resources; the last wins when an address repeats (validation reports repeats).
    init(_ manifest: Manifest) {
        resources = manifest.resources
        var position: [ResourceAddress: Int] = [:]
        position.reserveCapacity(resources.count)
        for index in resources.indices { position[resources[index].address] = index }
        self.position = position
    }

    var count: Int { position.count }

    /// Every declared address.
    var addresses: Dictionary<ResourceAddress, Int>.Keys { position.keys }

    func contains(_ address: ResourceAddress) -> Bool { position[address] != nil }

    subscript(address: ResourceAddress) -> ManifestResource? {
        position[address].map { resources[$0] }
    }
}
