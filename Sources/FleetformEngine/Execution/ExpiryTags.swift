import FleetformModel

/// The `fleetform:expires-at` tag of ephemeral environments.
public enum ExpiryTags {
    /// The tag key.
    public static let key = OwnershipTags.expiresAt

    /// The manifest with `fleetform:expires-at = expiresAt` added to every taggable resource (to
    /// its `tags` map, or to its `tag` blocks: an Auto Scaling group's, kept sorted by key), so
    /// the plan compares what the cloud will hold.
    public static func applying(_ expiresAt: String?, to manifest: Manifest) -> Manifest {
        guard let expiresAt else { return manifest }
        var copy = manifest
        for index in copy.resources.indices {
            if case .map(var tags)? = copy.resources[index].attributes["tags"] {
                tags[key] = .string(expiresAt)
                copy.resources[index].attributes["tags"] = .map(tags)
            } else if case .list(var blocks)? = copy.resources[index].attributes["tag"] {
                let propagate = blocks.first?.mapValue?["propagate_at_launch"] ?? .bool(true)
                blocks.removeAll { $0.mapValue?["key"] == .string(key) }
                blocks.append(["key": .string(key), "value": .string(expiresAt), "propagate_at_launch": propagate])
                blocks.sort { ($0.mapValue?["key"]?.stringValue ?? "") < ($1.mapValue?["key"]?.stringValue ?? "") }
                copy.resources[index].attributes["tag"] = .list(blocks)
            }
        }
        return copy
    }
}
