import FleetformModel

/// `aws_ec2_fleet` (type `maintain`): CreateFleet with `ClientToken`. moto ignores the token, so
/// a create whose answer was lost is resolved by looking the fleet up by its ownership tags
/// before resending. Updates change the target capacity (ModifyFleet) and tags. Bulk read:
/// DescribeFleets with up to 200 ids per call; deleted fleets count as gone.
struct EC2FleetHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_ec2_fleet" }

    private func capacityParameters(_ attributes: AttributeReader) -> QueryParameters {
        var parameters = QueryParameters()
        guard let capacity = attributes.block("target_capacity_specification") else { return parameters }
        let prefix = "TargetCapacitySpecification"
        parameters["\(prefix).TotalTargetCapacity"] = capacity.int("total_target_capacity").map(String.init)
        parameters["\(prefix).OnDemandTargetCapacity"] = capacity.int("on_demand_target_capacity").map(String.init)
        parameters["\(prefix).SpotTargetCapacity"] = capacity.int("spot_target_capacity").map(String.init)
        parameters["\(prefix).DefaultTargetCapacityType"] = capacity.string("default_target_capacity_type")
        parameters["\(prefix).TargetCapacityUnitType"] = capacity.string("target_capacity_unit_type")
        return parameters
    }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let created = try await createResolvingAmbiguity(request) {
            var parameters = QueryParameters()
            parameters["ClientToken"] = request.idempotencyToken
            parameters["Type"] = attributes.string("type") ?? "maintain"
            parameters.append(contentsOf: capacityParameters(attributes))
            for (n, config) in attributes.blocks("launch_template_config").enumerated() {
                let prefix = "LaunchTemplateConfigs.\(n + 1)"
                if let specification = config.block("launch_template_specification") {
                    parameters["\(prefix).LaunchTemplateSpecification.LaunchTemplateId"] =
                        specification.string("launch_template_id")
                    parameters["\(prefix).LaunchTemplateSpecification.Version"] =
                        specification.string("version") ?? specification.int("version").map(String.init)
                }
                for (m, override) in config.blocks("override").enumerated() {
                    parameters["\(prefix).Overrides.\(m + 1).InstanceType"] = override.string("instance_type")
                    parameters["\(prefix).Overrides.\(m + 1).WeightedCapacity"] =
                        override.values["weighted_capacity"]?.numberValue.map(AttributeValue.format)
                        ?? override.string("weighted_capacity")
                    parameters["\(prefix).Overrides.\(m + 1).SubnetId"] = override.string("subnet_id")
                }
            }
            parameters["SpotOptions.AllocationStrategy"] = attributes.block("spot_options")?.string(
                "allocation_strategy")
            parameters["OnDemandOptions.AllocationStrategy"] =
                attributes.block("on_demand_options")?.string("allocation_strategy")
            EC2Support.addTagSpecification(&parameters, resourceType: "fleet", tags: request.allTags)
            let response = try await context.client.query(
                .ec2, "CreateFleet", parameters, region: request.provider.region, resendAfterTransportError: false)
            guard let id = response.string("fleetId") else {
                throw AWSError(
                    kind: .invalidResponse, service: .ec2, action: "CreateFleet", code: "MissingId",
                    message: "no fleetId")
            }
            return ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:])
        }
        return try await readAfterWrite(created, waiter: context.waiter)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let fleets = try await EC2Support.describe(
            context.client, "DescribeFleets", idParameter: "FleetId", ids: resources.map(\.id), setName: "fleetSet",
            idElement: "fleetId", region: region)
        return await assemble(resources, found: fleets) { _, fleet in
            Self.isLive(fleet) ? Self.attributes(of: fleet, region: region) : nil
        }
    }

    /// Deleted fleets stay visible for hours in states `deleted*`; they count as gone.
    static func isLive(_ fleet: XMLTree) -> Bool { !(fleet.string("fleetState") ?? "").hasPrefix("deleted") }

    static func attributes(of fleet: XMLTree, region: String) -> [String: AttributeValue] {
        var attributes = EC2Support.tagAttributes(EC2Support.tags(of: fleet))
        attributes["type"] = fleet.string("type").map { .string($0) }
        attributes["arn"] = .string("arn:aws:ec2:\(region)::fleet/\(fleet.string("fleetId") ?? "")")
        var capacity: [String: AttributeValue] = [:]
        capacity["total_target_capacity"] = .number(
            text: fleet.string("targetCapacitySpecification/totalTargetCapacity"))
        capacity["on_demand_target_capacity"] = .number(
            text: fleet.string("targetCapacitySpecification/onDemandTargetCapacity"))
        capacity["spot_target_capacity"] = .number(text: fleet.string("targetCapacitySpecification/spotTargetCapacity"))
        capacity["default_target_capacity_type"] = fleet.string("targetCapacitySpecification/defaultTargetCapacityType")
            .map { .string($0) }
        capacity["target_capacity_unit_type"] = fleet.string("targetCapacitySpecification/targetCapacityUnitType")
            .map { .string($0) }
        attributes["target_capacity_specification"] = .map(capacity)
        if let config = fleet.list("launchTemplateConfigs").first {
            var specification: [String: AttributeValue] = [:]
            specification["launch_template_id"] = config.string("launchTemplateSpecification/launchTemplateId").map {
                .string($0)
            }
            specification["version"] = config.string("launchTemplateSpecification/version").map { .string($0) }
            let overrides: [AttributeValue] = config.list("overrides").map { override in
                var entry: [String: AttributeValue] = [:]
                entry["instance_type"] = override.string("instanceType").map { .string($0) }
                entry["weighted_capacity"] = .number(text: override.string("weightedCapacity"))
                entry["subnet_id"] = override.string("subnetId").map { .string($0) }
                return .map(entry)
            }
            attributes["launch_template_config"] = .map([
                "launch_template_specification": .map(specification), "override": .list(overrides),
            ])
        }
        if let strategy = fleet.string("spotOptions/allocationStrategy") {
            attributes["spot_options"] = .map(["allocation_strategy": .string(strategy)])
        }
        if let strategy = fleet.string("onDemandOptions/allocationStrategy") {
            attributes["on_demand_options"] = .map(["allocation_strategy": .string(strategy)])
        }
        return attributes
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let region = request.provider.region
        if changed.contains("target_capacity_specification") {
            var parameters = capacityParameters(AttributeReader(request))
            parameters["FleetId"] = prior.id
            _ = try await context.client.query(.ec2, "ModifyFleet", parameters, region: region)
        }
        try await EC2Support.syncTags(
            context.client, resourceId: prior.id, old: prior.allTagsMap, new: request.allTags, region: region)
        return try await readAfterWrite(prior, waiter: context.waiter)
    }

    /// Deletes the fleet and terminates its instances; a fleet already gone (or deleted) is done.
    func delete(_ resource: ResourceState) async throws {
        guard try await readOne(resource) != nil else { return }
        var parameters = QueryParameters()
        parameters["FleetId.1"] = resource.id
        parameters["TerminateInstances"] = "true"
        try await deleteIfPresent {
            _ = try await context.client.query(.ec2, "DeleteFleets", parameters, region: resource.provider.region)
        }
    }

    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        try await findTagged(request, "DescribeFleets", setName: "fleetSet", idElement: "fleetId", isLive: Self.isLive)
    }
}
