import FleetformModel

/// `aws_security_group` with its `ingress` / `egress` rules: CreateSecurityGroup, then the rules
/// are made to match the declaration (revoke what is not declared, authorize what is missing).
/// Bulk read: DescribeSecurityGroups by `group-id` filter.
struct SecurityGroupHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_security_group" }

    /// One rule as declared: ports, protocol, CIDR blocks, and whether the group itself is a source.
    struct Rule: Hashable, Comparable {
        var fromPort: Int
        var toPort: Int
        var ipProtocol: String
        var cidrBlocks: [String]
        var selfReference: Bool

        init(fromPort: Int, toPort: Int, ipProtocol: String, cidrBlocks: [String], selfReference: Bool) {
            self.fromPort = fromPort
            self.toPort = toPort
            self.ipProtocol = ipProtocol == "all" ? "-1" : ipProtocol
            self.cidrBlocks = cidrBlocks.sorted()
            self.selfReference = selfReference
        }

        init(_ block: AttributeReader) {
            self.init(
                fromPort: block.int("from_port") ?? 0, toPort: block.int("to_port") ?? 0,
                ipProtocol: block.string("protocol") ?? "-1", cidrBlocks: block.stringList("cidr_blocks"),
                selfReference: block.bool("self") ?? false)
        }

        var attribute: AttributeValue {
            .map([
                "from_port": .int(fromPort), "to_port": .int(toPort), "protocol": .string(ipProtocol),
                "cidr_blocks": .strings(cidrBlocks), "self": .bool(selfReference),
            ])
        }

        static func < (a: Rule, b: Rule) -> Bool {
            (a.ipProtocol, a.fromPort, a.toPort, a.cidrBlocks.joined(separator: ","), a.selfReference ? 1 : 0)
                < (b.ipProtocol, b.fromPort, b.toPort, b.cidrBlocks.joined(separator: ","), b.selfReference ? 1 : 0)
        }

        /// `IpPermissions.N.*` parameters for this rule.
        func add(to parameters: inout QueryParameters, index: Int, groupId: String) {
            let prefix = "IpPermissions.\(index)"
            parameters["\(prefix).IpProtocol"] = ipProtocol
            if ipProtocol != "-1" {
                parameters["\(prefix).FromPort"] = String(fromPort)
                parameters["\(prefix).ToPort"] = String(toPort)
            }
            for (n, cidr) in cidrBlocks.enumerated() { parameters["\(prefix).IpRanges.\(n + 1).CidrIp"] = cidr }
            if selfReference { parameters["\(prefix).Groups.1.GroupId"] = groupId }
        }

        /// The rules an `ipPermissions` item stands for (one item may hold ranges and groups).
        static func parse(_ item: XMLTree, groupId: String) -> Rule {
            let ipProtocol = item.string("ipProtocol") ?? "-1"
            return Rule(
                fromPort: item.string("fromPort").flatMap { Int($0) } ?? 0,
                toPort: item.string("toPort").flatMap { Int($0) } ?? 0, ipProtocol: ipProtocol,
                cidrBlocks: item.list("ipRanges").compactMap { $0.string("cidrIp") },
                selfReference: item.list("groups").contains { $0.string("groupId") == groupId })
        }
    }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let region = request.provider.region
        let created = try await createResolvingAmbiguity(request) {
            var parameters = QueryParameters()
            parameters["GroupName"] = try attributes.requiredString("name")
            parameters["GroupDescription"] = attributes.string("description") ?? "Managed by Fleetform"
            parameters["VpcId"] = attributes.string("vpc_id")
            EC2Support.addTagSpecification(&parameters, resourceType: "security-group", tags: request.allTags)
            let response = try await context.client.query(
                .ec2, "CreateSecurityGroup", parameters, region: region, resendAfterTransportError: false)
            guard let id = response.string("groupId") else {
                throw AWSError(
                    kind: .invalidResponse, service: .ec2, action: "CreateSecurityGroup", code: "MissingId",
                    message: "no groupId")
            }
            return ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:])
        }
        let current = try await readAfterWrite(created, waiter: context.waiter)
        try await syncRules(current, desired: attributes, region: region)
        return try await readAfterWrite(created, waiter: context.waiter)
    }

    /// Revokes rules not declared and authorizes declared rules not present, for both directions.
    private func syncRules(_ current: ResourceState, desired: AttributeReader, region: String) async throws {
        for (attribute, direction) in [("ingress", "Ingress"), ("egress", "Egress")] {
            // An undeclared egress keeps AWS's default allow-all rule (as Terraform does when unset).
            if attribute == "egress", desired.values["egress"] == nil { continue }
            let want = Set(desired.blocks(attribute).map(Rule.init))
            let have = Set(
                (current.attributes[attribute]?.listValue ?? []).compactMap(\.mapValue)
                    .map { Rule(AttributeReader(type: type, values: $0)) })
            let revoke = have.subtracting(want).sorted()
            let authorize = want.subtracting(have).sorted()
            if !revoke.isEmpty {
                var parameters = QueryParameters()
                parameters["GroupId"] = current.id
                for (n, rule) in revoke.enumerated() { rule.add(to: &parameters, index: n + 1, groupId: current.id) }
                _ = try await context.client.query(.ec2, "RevokeSecurityGroup\(direction)", parameters, region: region)
            }
            if !authorize.isEmpty {
                var parameters = QueryParameters()
                parameters["GroupId"] = current.id
                for (n, rule) in authorize.enumerated() { rule.add(to: &parameters, index: n + 1, groupId: current.id) }
                _ = try await context.client.query(
                    .ec2, "AuthorizeSecurityGroup\(direction)", parameters, region: region)
            }
        }
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let items = try await EC2Support.describe(
            context.client, "DescribeSecurityGroups", filter: "group-id", ids: resources.map(\.id),
            setName: "securityGroupInfo", region: region)
        return await assemble(resources, found: EC2Support.index(items, by: "groupId")) { resource, item in
            var attributes = EC2Support.tagAttributes(EC2Support.tags(of: item))
            attributes["name"] = item.string("groupName").map { .string($0) }
            attributes["description"] = item.string("groupDescription").map { .string($0) }
            attributes["vpc_id"] = item.string("vpcId").map { .string($0) }
            attributes["arn"] = .string(
                "arn:aws:ec2:\(region):\(item.string("ownerId") ?? ""):security-group/\(resource.id)")
            attributes["ingress"] = .list(
                item.list("ipPermissions").map { Rule.parse($0, groupId: resource.id) }.sorted().map(\.attribute))
            attributes["egress"] = .list(
                item.list("ipPermissionsEgress").map { Rule.parse($0, groupId: resource.id) }.sorted().map(\.attribute))
            return attributes
        }
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let region = request.provider.region
        let current = try await existing(prior)
        try await syncRules(current, desired: AttributeReader(request), region: region)
        try await EC2Support.syncTags(
            context.client, resourceId: prior.id, old: current.allTagsMap, new: request.allTags, region: region)
        return try await readAfterWrite(prior, waiter: context.waiter)
    }

    func delete(_ resource: ResourceState) async throws {
        try await deleteIfPresent {
            try await EC2Support.call(
                context.client, "DeleteSecurityGroup", "GroupId", resource.id, region: resource.provider.region)
        }
    }

    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        try await findTagged(request, "DescribeSecurityGroups", setName: "securityGroupInfo", idElement: "groupId")
    }
}
