import FleetformModel

/// The monitoring types the orphan sweep lists beyond what the Resource Groups Tagging API
/// answers everywhere: EventBridge rules (listed with ListRules, tagged by a call per rule), and
/// the check that a KMS key found by its tags is still one to delete.
extension ResourceInventory {
    /// The rules of the default event bus, with their tags.
    func eventRules(region: String) async throws -> [CloudResource] {
        var resources: [CloudResource] = []
        let pages = try await client.callPages(APIOperation(.events, "ListRules"), [:], region: region)
        for rule in pages.flatMap({ $0.list("Rules") }) {
            guard let name = rule.string("Name"), let arn = rule.string("Arn") else { continue }
            let tags = try await client.call(
                APIOperation(.events, "ListTagsForResource"), ["ResourceARN": .string(arn)], region: region)
            resources.append(
                CloudResource(
                    type: "aws_cloudwatch_event_rule", id: name, region: region,
                    tags: DeclaredResourceHandler.tags(tags.node("Tags"), .pairs()), createdAt: nil))
        }
        return resources
    }

    /// Whether the key is one of the account's own that is not already on its way out: a key
    /// scheduled for deletion keeps its tags (and can only be cancelled, not deleted again), and
    /// AWS's own keys (`aws/s3`, …) are never Fleetform's to delete.
    func isLiveCustomerKey(_ id: String, region: String) async throws -> Bool {
        let described = try await client.call(
            APIOperation(.kms, "DescribeKey"), ["KeyId": .string(id)], region: region)
        return described.string("KeyMetadata/KeyManager") != "AWS"
            && !["PendingDeletion", "PendingReplicaDeletion"].contains(
                described.string("KeyMetadata/KeyState") ?? "")
    }
}
