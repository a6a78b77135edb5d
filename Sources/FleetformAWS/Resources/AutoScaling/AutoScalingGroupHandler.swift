import FleetformModel

/// `aws_autoscaling_group` with a mixed instances policy: CreateAutoScalingGroup /
/// UpdateAutoScalingGroup, tags through CreateOrUpdateTags / DeleteTags. Bulk read:
/// DescribeAutoScalingGroups for up to 100 names per call. The id is the group name.
struct AutoScalingGroupHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_autoscaling_group" }

    /// The parameters shared by create and update.
    private func groupParameters(_ attributes: AttributeReader, name: String) throws -> QueryParameters {
        var parameters = QueryParameters()
        parameters["AutoScalingGroupName"] = name
        parameters["MinSize"] = String(try attributes.requiredInt("min_size"))
        parameters["MaxSize"] = String(try attributes.requiredInt("max_size"))
        parameters["DesiredCapacity"] = attributes.int("desired_capacity").map(String.init)
        let zones = attributes.stringList("vpc_zone_identifier")
        if !zones.isEmpty { parameters["VPCZoneIdentifier"] = zones.joined(separator: ",") }
        parameters["CapacityRebalance"] = attributes.bool("capacity_rebalance").map { $0 ? "true" : "false" }
        if let policy = attributes.block("mixed_instances_policy") {
            let prefix = "MixedInstancesPolicy"
            if let distribution = policy.block("instances_distribution") {
                parameters["\(prefix).InstancesDistribution.OnDemandBaseCapacity"] =
                    distribution.int("on_demand_base_capacity").map(String.init)
                parameters["\(prefix).InstancesDistribution.OnDemandPercentageAboveBaseCapacity"] =
                    distribution.int("on_demand_percentage_above_base_capacity").map(String.init)
                parameters["\(prefix).InstancesDistribution.SpotAllocationStrategy"] =
                    distribution.string("spot_allocation_strategy")
            }
            if let template = policy.block("launch_template") {
                if let specification = template.block("launch_template_specification") {
                    parameters["\(prefix).LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId"] =
                        specification.string("launch_template_id")
                    parameters["\(prefix).LaunchTemplate.LaunchTemplateSpecification.Version"] =
                        specification.string("version") ?? specification.int("version").map(String.init)
                }
                for (n, override) in template.blocks("override").enumerated() {
                    parameters["\(prefix).LaunchTemplate.Overrides.member.\(n + 1).InstanceType"] = override.string(
                        "instance_type")
                    parameters["\(prefix).LaunchTemplate.Overrides.member.\(n + 1).WeightedCapacity"] =
                        override.string("weighted_capacity") ?? override.int("weighted_capacity").map(String.init)
                }
            }
        }
        return parameters
    }

    /// `Tags.member.N.*` for `tags` on group `name`.
    private func tagParameters(_ tags: [String: String], name: String, valuesToo: Bool = true) -> QueryParameters {
        var parameters = QueryParameters()
        for (n, key) in tags.keys.sorted().enumerated() {
            let prefix = "Tags.member.\(n + 1)"
            parameters["\(prefix).Key"] = key
            parameters["\(prefix).ResourceId"] = name
            parameters["\(prefix).ResourceType"] = "auto-scaling-group"
            if valuesToo {
                parameters["\(prefix).Value"] = tags[key]
                parameters["\(prefix).PropagateAtLaunch"] = "true"
            }
        }
        return parameters
    }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let name = try attributes.requiredString("name")
        var parameters = try groupParameters(attributes, name: name)
        parameters.append(contentsOf: tagParameters(request.allTags, name: name))
        do {
            _ = try await context.client.query(
                .autoScaling, "CreateAutoScalingGroup", parameters, region: request.provider.region)
        } catch let error as AWSError where error.code == "AlreadyExists" {
            // A resend of a create whose answer was lost: adopt the group only if it is ours.
            guard let existing = try await findCreated(request) else { throw error }
            return existing
        }
        return try await readAfterWrite(
            ResourceState(address: request.address, provider: request.provider, id: name, attributes: [:]),
            for: request, waiter: context.waiter)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let groups = try await describe(names: resources.map(\.id), region: region)
        return await assemble(resources, found: groups) { resource, group in
            guard group.string("Status") != "Delete in progress" else { return nil }
            var attributes = Self.attributes(of: group)
            attributes["vpc_zone_identifier"] = attributes["vpc_zone_identifier"]?
                .orderedLike(resource.attributes["vpc_zone_identifier"])
            return attributes
        }
    }

    /// Groups by name, ⌈names/100⌉ paged calls.
    private func describe(names: [String], region: String) async throws -> [String: XMLTree] {
        var found: [String: XMLTree] = [:]
        let unique = Array(Set(names)).sorted()
        for start in stride(from: 0, to: unique.count, by: 100) {
            var parameters = QueryParameters()
            parameters.setMembers("AutoScalingGroupNames", Array(unique[start..<min(start + 100, unique.count)]))
            parameters["MaxRecords"] = "100"
            for page in try await context.client.queryPages(
                .autoScaling, "DescribeAutoScalingGroups", parameters, region: region)
            {
                for group in page.first("AutoScalingGroups")?.children ?? [] {
                    if let name = group.string("AutoScalingGroupName") { found[name] = group }
                }
            }
        }
        return found
    }

    static func attributes(of group: XMLTree) -> [String: AttributeValue] {
        var attributes = EC2Support.tagAttributes(EC2Support.tagPairs(group.list("Tags")))
        attributes["name"] = group.string("AutoScalingGroupName").map { .string($0) }
        attributes["arn"] = group.string("AutoScalingGroupARN").map { .string($0) }
        attributes["min_size"] = .number(text: group.string("MinSize"))
        attributes["max_size"] = .number(text: group.string("MaxSize"))
        attributes["desired_capacity"] = .number(text: group.string("DesiredCapacity"))
        attributes["capacity_rebalance"] = .bool(group.string("CapacityRebalance") == "true")
        attributes["vpc_zone_identifier"] = .strings(
            (group.string("VPCZoneIdentifier") ?? "").split(separator: ",").map { String($0) })
        if let policy = group.at("MixedInstancesPolicy") {
            var distribution: [String: AttributeValue] = [:]
            distribution["on_demand_base_capacity"] = .number(
                text: policy.string("InstancesDistribution/OnDemandBaseCapacity"))
            distribution["on_demand_percentage_above_base_capacity"] = .number(
                text: policy.string("InstancesDistribution/OnDemandPercentageAboveBaseCapacity"))
            distribution["spot_allocation_strategy"] = policy.string("InstancesDistribution/SpotAllocationStrategy")
                .map { .string($0) }
            var specification: [String: AttributeValue] = [:]
            specification["launch_template_id"] = policy.string(
                "LaunchTemplate/LaunchTemplateSpecification/LaunchTemplateId"
            )
            .map { .string($0) }
            specification["version"] = policy.string("LaunchTemplate/LaunchTemplateSpecification/Version").map {
                .string($0)
            }
            let overrides: [AttributeValue] = policy.list("LaunchTemplate/Overrides").map { override in
                var entry: [String: AttributeValue] = [:]
                entry["instance_type"] = override.string("InstanceType").map { .string($0) }
                entry["weighted_capacity"] = override.string("WeightedCapacity").map { .string($0) }
                return .map(entry)
            }
            attributes["mixed_instances_policy"] = .map([
                "instances_distribution": .map(distribution),
                "launch_template": .map([
                    "launch_template_specification": .map(specification), "override": .list(overrides),
                ]),
            ])
        }
        return attributes
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let region = request.provider.region
        let parameters = try groupParameters(AttributeReader(request), name: prior.id)
        _ = try await context.client.query(.autoScaling, "UpdateAutoScalingGroup", parameters, region: region)
        let old = prior.allTagsMap
        let new = request.allTags
        let removed = old.filter { new[$0.key] == nil }
        if !removed.isEmpty {
            _ = try await context.client.query(
                .autoScaling, "DeleteTags", tagParameters(removed, name: prior.id, valuesToo: false), region: region)
        }
        let changedTags = new.filter { old[$0.key] != $0.value }
        if !changedTags.isEmpty {
            _ = try await context.client.query(
                .autoScaling, "CreateOrUpdateTags", tagParameters(changedTags, name: prior.id), region: region)
        }
        return try await readAfterWrite(prior, for: request, waiter: context.waiter)
    }

    func delete(_ resource: ResourceState) async throws {
        var parameters = QueryParameters()
        parameters["AutoScalingGroupName"] = resource.id
        parameters["ForceDelete"] = "true"
        try await deleteAndWait(resource) {
            _ = try await context.client.query(
                .autoScaling, "DeleteAutoScalingGroup", parameters, region: resource.provider.region)
        }
    }

    /// Group names are unique per region: the declared name finds the group, which counts as
    /// ours only if it carries our `fleetform:address` tag.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        guard let name = AttributeReader(request).string("name") else { return nil }
        return try await findOwned(request, id: name)
    }
}
