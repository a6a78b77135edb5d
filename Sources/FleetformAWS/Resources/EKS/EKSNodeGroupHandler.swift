import FleetformModel

/// `aws_eks_node_group`: CreateNodegroup (with `clientRequestToken`), waits for `ACTIVE`;
/// UpdateNodegroupConfig (scaling, labels) and tags for updates; DeleteNodegroup waits until
/// gone. One DescribeNodegroup per group on read. The id is `CLUSTER:NODEGROUP` (as Terraform's).
struct EKSNodeGroupHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_eks_node_group" }

    static func split(_ id: String) throws -> (cluster: String, nodeGroup: String) {
        guard let colon = id.firstIndex(of: ":") else {
            throw AWSError.configuration("'\(id)' is not a node group id; expected CLUSTER_NAME:NODE_GROUP_NAME")
        }
        return (String(id[..<colon]), String(id[id.index(after: colon)...]))
    }

    private static func path(_ id: String) throws -> String {
        let (cluster, nodeGroup) = try split(id)
        return
            "/clusters/\(AWSPathEncoding.encodeSegment(cluster))/node-groups/\(AWSPathEncoding.encodeSegment(nodeGroup))"
    }

    private static func scaling(_ attributes: AttributeReader) -> AttributeValue? {
        guard let scaling = attributes.block("scaling_config") else { return nil }
        var map: [String: AttributeValue] = [:]
        map["desiredSize"] = scaling.int("desired_size").map { .int($0) }
        map["minSize"] = scaling.int("min_size").map { .int($0) }
        map["maxSize"] = scaling.int("max_size").map { .int($0) }
        return .map(map)
    }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let cluster = try attributes.requiredString("cluster_name")
        let name = try attributes.requiredString("node_group_name")
        var body: [String: AttributeValue] = [
            "nodegroupName": .string(name), "nodeRole": .string(try attributes.requiredString("node_role_arn")),
            "subnets": .strings(attributes.stringList("subnet_ids")), "tags": .stringMap(request.allTags),
            "clientRequestToken": .string(request.idempotencyToken),
        ]
        let instanceTypes = attributes.stringList("instance_types")
        if !instanceTypes.isEmpty { body["instanceTypes"] = .strings(instanceTypes) }
        body["capacityType"] = attributes.string("capacity_type").map { .string($0) }
        body["diskSize"] = attributes.int("disk_size").map { .int($0) }
        body["scalingConfig"] = Self.scaling(attributes)
        let labels = attributes.stringMap("labels")
        if !labels.isEmpty { body["labels"] = .stringMap(labels) }
        let id = cluster + ":" + name
        do {
            _ = try await context.client.restJSON(
                .eks, "CreateNodegroup", method: "POST",
                path: "/clusters/\(AWSPathEncoding.encodeSegment(cluster))/node-groups",
                body: .map(body), region: request.provider.region)
        } catch let error as AWSError where error.code == "ResourceInUseException" {
            guard let existing = try await findCreated(request) else { throw error }
            return existing
        }
        return try await waitUntilActive(
            ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:]),
            failed: ["CREATE_FAILED", "DEGRADED"])
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        try await readEach(resources) { resource in
            try await context.client.restJSON(
                .eks, "DescribeNodegroup", method: "GET", path: try Self.path(resource.id), region: region
            ).mapValue?["nodegroup"]?.mapValue
        } _: { _, group in
            guard group["status"]?.stringValue != "DELETING" else { return nil }
            var attributes = EKSTags.attributes(group["tags"])
            attributes["cluster_name"] = group["clusterName"]
            attributes["node_group_name"] = group["nodegroupName"]
            attributes["arn"] = group["nodegroupArn"]
            attributes["node_role_arn"] = group["nodeRole"]
            attributes["subnet_ids"] = group["subnets"]
            attributes["instance_types"] = group["instanceTypes"]
            attributes["capacity_type"] = group["capacityType"]
            attributes["disk_size"] = group["diskSize"]
            attributes["status"] = group["status"]
            attributes["labels"] = group["labels"] ?? .map([:])
            if let scaling = group["scalingConfig"]?.mapValue {
                var map: [String: AttributeValue] = [:]
                map["desired_size"] = scaling["desiredSize"]
                map["min_size"] = scaling["minSize"]
                map["max_size"] = scaling["maxSize"]
                attributes["scaling_config"] = .map(map)
            }
            return attributes
        }
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let region = request.provider.region
        let attributes = AttributeReader(request)
        let current = try await existing(prior)
        var body: [String: AttributeValue] = ["clientRequestToken": .string(request.idempotencyToken)]
        if changed.contains("scaling_config") { body["scalingConfig"] = Self.scaling(attributes) }
        if changed.contains("labels") {
            let old = (current.attributes["labels"]?.mapValue ?? [:]).compactMapValues(\.stringValue)
            let new = attributes.stringMap("labels")
            body["labels"] = .map([
                "addOrUpdateLabels": .stringMap(new.filter { old[$0.key] != $0.value }),
                "removeLabels": .strings(old.keys.filter { new[$0] == nil }.sorted()),
            ])
        }
        if body.count > 1 {
            _ = try await context.client.restJSON(
                .eks, "UpdateNodegroupConfig", method: "POST", path: try Self.path(prior.id) + "/update-config",
                body: .map(body), region: region)
        }
        try await EKSTags.sync(context.client, current, new: request.allTags, region: region)
        return try await waitUntilActive(prior, failed: ["CREATE_FAILED", "DEGRADED"])
    }

    func delete(_ resource: ResourceState) async throws {
        try await deleteAndWait(resource) {
            _ = try await context.client.restJSON(
                .eks, "DeleteNodegroup", method: "DELETE", path: try Self.path(resource.id),
                region: resource.provider.region)
        }
    }

    /// Node group names are unique per cluster; ours only if tagged with our address.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        let attributes = AttributeReader(request)
        guard let cluster = attributes.string("cluster_name"), let name = attributes.string("node_group_name") else {
            return nil
        }
        return try await findOwned(request, id: cluster + ":" + name)
    }
}
