import FleetformModel

/// EKS's tagging calls, `POST /tags/{arn}` and `DELETE /tags/{arn}?tagKeys=…`, and its tag maps.
enum EKSTags {
    /// Brings `current`'s tags (read from the cloud, `arn` known) to `new`.
    static func sync(_ client: AWSClient, _ current: ResourceState, new: [String: String], region: String) async throws
    {
        guard let arn = current.attributes["arn"]?.stringValue else { return }
        let old = current.allTagsMap
        let path = "/tags/" + AWSPathEncoding.encodeSegment(arn)
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        if !removed.isEmpty {
            _ = try await client.restJSON(
                .eks, "UntagResource", method: "DELETE", path: path, query: removed.map { ("tagKeys", $0) },
                region: region)
        }
        let changed = new.filter { old[$0.key] != $0.value }
        if !changed.isEmpty {
            _ = try await client.restJSON(
                .eks, "TagResource", method: "POST", path: path, body: .map(["tags": .stringMap(changed)]),
                region: region)
        }
    }

    /// `tags` / `tags_all` from an EKS `tags` object.
    static func attributes(_ tags: AttributeValue?) -> [String: AttributeValue] {
        EC2Support.tagAttributes(map(tags))
    }

    /// The `key → value` pairs of an EKS `tags` object.
    static func map(_ tags: AttributeValue?) -> [String: String] {
        (tags?.mapValue ?? [:]).compactMapValues(\.stringValue)
    }
}
