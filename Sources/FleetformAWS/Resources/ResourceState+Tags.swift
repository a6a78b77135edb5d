import FleetformModel

extension ResourceState {
    /// `tags_all` as a dictionary (empty when unknown).
    var allTagsMap: [String: String] {
        (attributes["tags_all"]?.mapValue ?? [:]).compactMapValues(\.stringValue)
    }
}
