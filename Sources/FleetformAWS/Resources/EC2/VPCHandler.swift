import FleetformModel

/// `aws_vpc`: CreateVpc, ModifyVpcAttribute (DNS flags), DescribeVpcs by `vpc-id` filter.
struct VPCHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_vpc" }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let region = request.provider.region
        let created = try await createResolvingAmbiguity(request) {
            var parameters = QueryParameters()
            parameters["CidrBlock"] = try attributes.requiredString("cidr_block")
            EC2Support.addTagSpecification(&parameters, resourceType: "vpc", tags: request.allTags)
            let response = try await context.client.query(
                .ec2, "CreateVpc", parameters, region: region, resendAfterTransportError: false)
            guard let id = response.string("vpc/vpcId") else {
                throw AWSError(
                    kind: .invalidResponse, service: .ec2, action: "CreateVpc", code: "MissingId", message: "no vpcId")
            }
            return ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:])
        }
        try await setDNSAttributes(id: created.id, attributes: attributes, region: region, prior: nil)
        return try await readAfterWrite(created, waiter: context.waiter)
    }

    private func setDNSAttributes(id: String, attributes: AttributeReader, region: String, prior: ResourceState?)
        async throws
    {
        for (attribute, parameter) in [
            ("enable_dns_support", "EnableDnsSupport"), ("enable_dns_hostnames", "EnableDnsHostnames"),
        ] {
            guard let value = attributes.bool(attribute), prior?.attributes[attribute]?.boolValue != value else {
                continue
            }
            var parameters = QueryParameters()
            parameters["VpcId"] = id
            parameters["\(parameter).Value"] = value ? "true" : "false"
            _ = try await context.client.query(.ec2, "ModifyVpcAttribute", parameters, region: region)
        }
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let items = try await EC2Support.describe(
            context.client, "DescribeVpcs", filter: "vpc-id", ids: resources.map(\.id), setName: "vpcSet",
            region: region)
        return try await assemble(resources, found: EC2Support.index(items, by: "vpcId")) { resource, item in
            var attributes = EC2Support.tagAttributes(EC2Support.tags(of: item))
            attributes["cidr_block"] = item.string("cidrBlock").map { .string($0) }
            attributes["arn"] = .string("arn:aws:ec2:\(region):\(item.string("ownerId") ?? ""):vpc/\(resource.id)")
            // DNS flags are per-VPC attributes (DescribeVpcAttribute, one call each); VPCs are few.
            for (attribute, name, element) in [
                ("enable_dns_support", "enableDnsSupport", "enableDnsSupport"),
                ("enable_dns_hostnames", "enableDnsHostnames", "enableDnsHostnames"),
            ] {
                var parameters = QueryParameters()
                parameters["VpcId"] = resource.id
                parameters["Attribute"] = name
                let response = try await context.client.query(.ec2, "DescribeVpcAttribute", parameters, region: region)
                attributes[attribute] = EC2Support.bool(response, element + "/value").map { .bool($0) }
            }
            return attributes
        }
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        try await setDNSAttributes(id: prior.id, attributes: attributes, region: request.provider.region, prior: prior)
        try await EC2Support.syncTags(
            context.client, resourceId: prior.id, old: prior.allTagsMap, new: request.allTags,
            region: request.provider.region)
        return try await readAfterWrite(prior, waiter: context.waiter)
    }

    func delete(_ resource: ResourceState) async throws {
        try await deleteIfPresent {
            try await EC2Support.call(
                context.client, "DeleteVpc", "VpcId", resource.id, region: resource.provider.region)
        }
    }

    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        try await findTagged(request, "DescribeVpcs", setName: "vpcSet", idElement: "vpcId")
    }
}
