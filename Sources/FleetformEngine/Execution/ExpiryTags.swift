import FleetformModel

/// The `fleetform:expires-at` tag of ephemeral environments.
public enum ExpiryTags {
    /// The tag key.
    public static let key = OwnershipTags.expiresAt

    /// The manifest with `fleetform:expires-at = expiresAt` added to every taggable resource, so
    /// the plan compares what the cloud will hold.
    public static func applying(_ expiresAt: String?, to manifest: Manifest) -> Manifest {
        guard let expiresAt else { return manifest }
        var copy = manifest
        for index in copy.resources.indices {
            guard case .map(var tags)? = copy.resources[index].attributes["tags"] else { continue }
            tags[key] = .string(expiresAt)
            copy.resources[index].attributes["tags"] = .map(tags)
        }
        return copy
    }
}
