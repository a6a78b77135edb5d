import FleetformModel

/// `aws_eks_cluster`: CreateCluster (with `clientRequestToken`), waits for `ACTIVE`;
/// UpdateClusterVersion and Tag/UntagResource for updates; DeleteCluster waits until gone.
/// EKS has no bulk describe, so a read costs one DescribeCluster per cluster. The id is the name.
struct EKSClusterHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_eks_cluster" }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let name = try attributes.requiredString("name")
        var body: [String: AttributeValue] = [
            "name": .string(name), "roleArn": .string(try attributes.requiredString("role_arn")),
            "resourcesVpcConfig": .map([
                "subnetIds": .strings(attributes.block("vpc_config")?.stringList("subnet_ids") ?? [])
            ]),
            "tags": .stringMap(request.allTags), "clientRequestToken": .string(request.idempotencyToken),
        ]
        body["version"] = attributes.string("version").map { .string($0) }
        do {
            _ = try await context.client.restJSON(
                .eks, "CreateCluster", method: "POST", path: "/clusters", body: .map(body),
                region: request.provider.region)
        } catch let error as AWSError where error.code == "ResourceInUseException" {
            guard let existing = try await findCreated(request) else { throw error }
            return existing
        }
        let placeholder = ResourceState(address: request.address, provider: request.provider, id: name, attributes: [:])
        return try await waitUntilActive(placeholder, failed: ["FAILED"])
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        try await readEach(resources) { resource in
            try await context.client.restJSON(
                .eks, "DescribeCluster", method: "GET", path: "/clusters/" + AWSPathEncoding.encodeSegment(resource.id),
                region: region
            ).mapValue?["cluster"]?.mapValue
        } _: { _, cluster in
            guard cluster["status"]?.stringValue != "DELETING" else { return nil }
            var attributes = EKSTags.attributes(cluster["tags"])
            attributes["name"] = cluster["name"]
            attributes["arn"] = cluster["arn"]
            attributes["role_arn"] = cluster["roleArn"]
            attributes["version"] = cluster["version"]
            attributes["status"] = cluster["status"]
            attributes["endpoint"] = cluster["endpoint"]
            let subnets = cluster["resourcesVpcConfig"]?.mapValue?["subnetIds"]?.listValue ?? []
            attributes["vpc_config"] = .map(["subnet_ids": .list(subnets)])
            return attributes
        }
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let region = request.provider.region
        let current = try await existing(prior)
        if let version = AttributeReader(request).string("version"),
            current.attributes["version"]?.stringValue != version
        {
            _ = try await context.client.restJSON(
                .eks, "UpdateClusterVersion", method: "POST",
                path: "/clusters/\(AWSPathEncoding.encodeSegment(prior.id))/updates",
                body: .map(["version": .string(version), "clientRequestToken": .string(request.idempotencyToken)]),
                region: region)
        }
        try await EKSTags.sync(context.client, current, new: request.allTags, region: region)
        return try await waitUntilActive(prior, failed: ["FAILED"])
    }

    func delete(_ resource: ResourceState) async throws {
        try await deleteAndWait(resource) {
            _ = try await context.client.restJSON(
                .eks, "DeleteCluster", method: "DELETE",
                path: "/clusters/" + AWSPathEncoding.encodeSegment(resource.id),
                region: resource.provider.region)
        }
    }

    /// Cluster names are unique per region; ours only if tagged with our address.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        guard let name = AttributeReader(request).string("name") else { return nil }
        return try await findOwned(request, id: name)
    }
}
