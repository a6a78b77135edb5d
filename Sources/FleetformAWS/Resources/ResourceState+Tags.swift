import FleetformModel

extension ResourceState {
    /// Every tag as a dictionary: `tags_all`, or the `tag` blocks of the types that have them
    /// (empty when unknown).
    var allTagsMap: [String: String] {
        if let all = attributes["tags_all"]?.mapValue { return all.compactMapValues(\.stringValue) }
        return attributes["tag"]?.tagBlockMap ?? [:]
    }
}
