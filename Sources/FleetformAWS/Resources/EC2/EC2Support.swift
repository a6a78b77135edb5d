import FleetformModel

/// EC2-query details the EC2 declarations and the inventory share: tag sets, ownership-tag
/// filters and chunked, paged Describe calls.
enum EC2Support {
    /// Ownership tags start with this prefix; they appear in `tags_all`, not in `tags`.
    static let ownershipPrefix = OwnershipTags.prefix
    /// EC2 accepts up to 200 values per filter.
    static let filterChunk = 200
    /// Describe calls that answer everything at once and take no `MaxResults` (Elastic IPs).
    static let unpaged: Set<String> = ["DescribeAddresses"]

    /// The `key → value` pairs of a `tagSet` (EC2) element.
    static func tags(of item: XMLTree, path: String = "tagSet") -> [String: String] {
        tagPairs(item.list(path), key: "key", value: "value")
    }

    /// The pairs of tag elements: `<key>`/`<value>` (EC2) or `<Key>`/`<Value>` (Auto Scaling,
    /// IAM, S3, the default).
    static func tagPairs(_ elements: [XMLTree], key: String = "Key", value: String = "Value") -> [String: String] {
        var tags: [String: String] = [:]
        for tag in elements {
            if let name = tag.string(key) { tags[name] = tag.string(value) ?? "" }
        }
        return tags
    }

    /// `tags` (declared, without ownership tags) and `tags_all` (everything) attributes.
    static func tagAttributes(_ all: [String: String]) -> [String: AttributeValue] {
        [
            "tags": .stringMap(all.filter { !$0.key.hasPrefix(ownershipPrefix) }),
            "tags_all": .stringMap(all),
        ]
    }

    /// The `tags` attribute for a resource carrying `all` tags: everything but the ownership tags,
    /// which count only where the prior (declared) tags name them, as the DSL's do.
    static func declaredTags(_ all: [String: AttributeValue], prior: AttributeValue?) -> AttributeValue {
        let declared = prior?.mapValue ?? [:]
        return .map(all.filter { !$0.key.hasPrefix(ownershipPrefix) || declared[$0.key] != nil })
    }

    /// Filters on the ownership tags (`tag:fleetform:address` = …), the way findCreated looks up
    /// resources an interrupted create made.
    static func ownershipFilters(_ tags: [String: String], startingAt first: Int = 1) -> QueryParameters {
        var parameters = QueryParameters()
        // EC2 filter values are patterns (`*`, `?`; moto also reads `[...]` as a character class),
        // so a value such as `aws_subnet.core["us-east-1a"]` would match nothing: filter on the
        // plain values only; callers re-check every tag on what comes back.
        let plain = tags.keys.sorted().filter { key in !(tags[key] ?? "").contains(where: { "*?[]".contains($0) }) }
        for (n, key) in plain.enumerated() {
            parameters["Filter.\(first + n).Name"] = "tag:" + key
            parameters["Filter.\(first + n).Value.1"] = tags[key]
        }
        return parameters
    }

    /// Describes resources by id with a filter (missing ids are simply absent, unlike the
    /// `XxxId.N` parameters, which fail the whole call): ⌈ids/200⌉ chunks, each paged.
    /// Returns the `item`s of the response's `setName` list.
    static func describe(
        _ client: AWSClient, _ action: String, filter: String, ids: [String], setName: String, region: String,
        extra: QueryParameters = QueryParameters()
    ) async throws -> [XMLTree] {
        var items: [XMLTree] = []
        let unique = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: unique.count, by: filterChunk) {
            var parameters = extra
            parameters["Filter.1.Name"] = filter
            parameters.setEC2List("Filter.1.Value", Array(unique[start..<min(start + filterChunk, unique.count)]))
            if !unpaged.contains(action) { parameters["MaxResults"] = "1000" }
            for page in try await client.queryPages(.ec2, action, parameters, region: region) {
                items += page.list(setName)
            }
        }
        return items
    }

    /// Describes resources carrying every tag in `tags`.
    static func describe(
        _ client: AWSClient, _ action: String, taggedWith tags: [String: String], setName: String, region: String
    ) async throws -> [XMLTree] {
        guard !tags.isEmpty else { return [] }
        var parameters = ownershipFilters(tags)
        if !unpaged.contains(action) { parameters["MaxResults"] = "1000" }
        // Checked again here: an API (or emulator) that ignores a filter must not hand us someone else's resource.
        return try await client.queryPages(.ec2, action, parameters, region: region).flatMap { $0.list(setName) }
            .filter { item in
                let found = self.tags(of: item)
                return tags.allSatisfy { found[$0.key] == $0.value }
            }
    }

    /// A bool element's value (`true`/`false`).
    static func bool(_ item: XMLTree, _ path: String) -> Bool? {
        item.string(path).map { $0 == "true" }
    }

    /// Describes resources through an `XxxId.N` list parameter (for APIs without an id filter):
    /// ⌈ids/200⌉ paged calls. Such calls fail as a whole when one id is unknown, so a failed chunk
    /// is asked again id by id. Returns the list items by `idElement`.
    static func describe(
        _ client: AWSClient, _ action: String, idParameter: String, ids: [String], setName: String, idElement: String,
        region: String
    ) async throws -> [String: XMLTree] {
        func call(_ chunk: [String]) async throws -> [XMLTree] {
            var parameters = QueryParameters()
            parameters.setEC2List(idParameter, chunk)
            parameters["MaxResults"] = "200"
            return try await client.queryPages(.ec2, action, parameters, region: region).flatMap { $0.list(setName) }
        }
        var found: [String: XMLTree] = [:]
        let unique = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: unique.count, by: filterChunk) {
            let chunk = Array(unique[start..<min(start + filterChunk, unique.count)])
            var items: [XMLTree] = []
            do {
                items = try await call(chunk)
            } catch let error as AWSError where error.isNotFound {
                for id in chunk {
                    do { items += try await call([id]) } catch let error as AWSError where error.isNotFound { continue }
                }
            }
            for item in items { if let id = item.string(idElement) { found[id] = item } }
        }
        return found
    }

    /// Items by their `idElement`.
    static func index(_ items: [XMLTree], by idElement: String) -> [String: XMLTree] {
        var byId: [String: XMLTree] = [:]
        for item in items { if let id = item.string(idElement) { byId[id] = item } }
        return byId
    }
}
