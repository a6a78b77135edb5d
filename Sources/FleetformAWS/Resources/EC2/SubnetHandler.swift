import FleetformModel

/// `aws_subnet`: CreateSubnet, ModifySubnetAttribute (`map_public_ip_on_launch`), and a bulk
/// DescribeSubnets by `subnet-id` filter (200 ids per call).
struct SubnetHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_subnet" }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let region = request.provider.region
        let created = try await createResolvingAmbiguity(request) {
            var parameters = QueryParameters()
            parameters["VpcId"] = try attributes.requiredString("vpc_id")
            parameters["CidrBlock"] = try attributes.requiredString("cidr_block")
            parameters["AvailabilityZone"] = attributes.string("availability_zone")
            EC2Support.addTagSpecification(&parameters, resourceType: "subnet", tags: request.allTags)
            let response = try await context.client.query(
                .ec2, "CreateSubnet", parameters, region: region, resendAfterTransportError: false)
            guard let id = response.string("subnet/subnetId") else {
                throw AWSError(
                    kind: .invalidResponse, service: .ec2, action: "CreateSubnet", code: "MissingId",
                    message: "no subnetId")
            }
            return ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:])
        }
        if attributes.bool("map_public_ip_on_launch") == true {
            try await setMapPublicIP(id: created.id, true, region: region)
        }
        return try await readAfterWrite(created, waiter: context.waiter)
    }

    private func setMapPublicIP(id: String, _ value: Bool, region: String) async throws {
        var parameters = QueryParameters()
        parameters["SubnetId"] = id
        parameters["MapPublicIpOnLaunch.Value"] = value ? "true" : "false"
        _ = try await context.client.query(.ec2, "ModifySubnetAttribute", parameters, region: region)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let items = try await EC2Support.describe(
            context.client, "DescribeSubnets", filter: "subnet-id", ids: resources.map(\.id), setName: "subnetSet",
            region: region)
        return await assemble(resources, found: EC2Support.index(items, by: "subnetId")) { resource, item in
            var attributes = EC2Support.tagAttributes(EC2Support.tags(of: item))
            attributes["vpc_id"] = item.string("vpcId").map { .string($0) }
            attributes["cidr_block"] = item.string("cidrBlock").map { .string($0) }
            attributes["availability_zone"] = item.string("availabilityZone").map { .string($0) }
            attributes["map_public_ip_on_launch"] = .bool(EC2Support.bool(item, "mapPublicIpOnLaunch") ?? false)
            attributes["arn"] =
                item.string("subnetArn").map { .string($0) }
                ?? .string("arn:aws:ec2:\(region):\(item.string("ownerId") ?? ""):subnet/\(resource.id)")
            return attributes
        }
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let desired = AttributeReader(request).bool("map_public_ip_on_launch") ?? false
        if prior.attributes["map_public_ip_on_launch"]?.boolValue != desired {
            try await setMapPublicIP(id: prior.id, desired, region: request.provider.region)
        }
        try await EC2Support.syncTags(
            context.client, resourceId: prior.id, old: prior.allTagsMap,
            new: request.allTags, region: request.provider.region)
        return try await readAfterWrite(prior, waiter: context.waiter)
    }

    func delete(_ resource: ResourceState) async throws {
        try await deleteIfPresent {
            try await EC2Support.call(
                context.client, "DeleteSubnet", "SubnetId", resource.id, region: resource.provider.region)
        }
    }

    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        try await findTagged(request, "DescribeSubnets", setName: "subnetSet", idElement: "subnetId")
    }
}
