import FleetformModel

/// Reading node pools and fleets into `PoolSpec`s: sizes, purchase mix, types, zones, volumes.
extension CostEstimator {
    /// An Auto Scaling group: `desired_capacity` units; with a mixed instances policy, the
    /// on-demand base plus the on-demand percentage above it (rounded up, as the group favours
    /// on-demand), the rest spot; without one, every instance on-demand from the launch template.
    func autoScalingGroupSpec(_ input: CostInput, lookup: ResourceLookup) -> (PoolSpec?, [String]) {
        let a = input.attributes
        guard let desired = a["desired_capacity"]?.numeric ?? a["min_size"]?.numeric else {
            return (nil, ["desired_capacity is not known until apply; the size cannot be priced"])
        }
        var assumptions: [String] = []
        if a["desired_capacity"]?.numeric == nil { assumptions.append("no desired_capacity: priced at min_size") }
        let zones = zoneIDs(a["vpc_zone_identifier"], lookup: lookup, region: input.region, assumptions: &assumptions)

        guard let policy = a["mixed_instances_policy"], policy.mapValue != nil || policy.listValue != nil else {
            let template = lookup.resolve(a["launch_template"]?.path("id") ?? a["launch_template"]?.path("name"))
            guard let type = template?.attributes["instance_type"]?.stringValue else {
                return (nil, ["no mixed_instances_policy and no launch template with an instance_type to price"])
            }
            let spec = PoolSpec(
                region: input.region, types: [.init(name: type, weight: 1)], zones: zones, onDemandUnits: desired,
                spotUnits: 0, onDemandStrategy: .prioritized,
                spot: SpotAllocation(strategy: .lowestPrice, poolLimit: 2),
                volumeGB: volumeSize(of: template), assumptions: assumptions)
            return (spec, [])
        }
        let distribution = policy.path("instances_distribution")
        let base = distribution?.path("on_demand_base_capacity")?.numeric ?? 0
        let percentage = distribution?.path("on_demand_percentage_above_base_capacity")?.numeric ?? 100
        let onDemand = min(desired, base) + (max(0, desired - base) * percentage / 100 - 1e-9).rounded(.up).clamped(0)
        let strategyName = distribution?.path("spot_allocation_strategy")?.stringValue ?? "lowest-price"
        guard let strategy = SpotAllocationStrategy(apiValue: strategyName) else {
            return (nil, ["unknown spot_allocation_strategy '\(strategyName)'"])
        }
        let launchTemplate = policy.path("launch_template")
        let specification = launchTemplate?.path("launch_template_specification")
        let template = lookup.resolve(
            specification?.path("launch_template_id") ?? specification?.path("launch_template_name"))
        var types = weightedTypes(launchTemplate?.mapValue?["override"], unitType: nil)
        if types.isEmpty, let type = template?.attributes["instance_type"]?.stringValue {
            types = [.init(name: type, weight: 1)]
        }
        guard !types.isEmpty else { return (nil, ["the mixed instances policy lists no instance types"]) }
        let onDemandStrategy: PoolSpec.OnDemandStrategy =
            distribution?.path("on_demand_allocation_strategy")?.stringValue == "lowest-price"
            ? .lowestPrice : .prioritized
        let poolLimit = distribution?.path("spot_instance_pools")?.numeric.map { Int($0) } ?? 2
        let spec = PoolSpec(
            region: input.region, types: types, zones: zones, onDemandUnits: onDemand,
            spotUnits: max(0, desired - onDemand), onDemandStrategy: onDemandStrategy,
            spot: SpotAllocation(strategy: strategy, poolLimit: poolLimit), volumeGB: volumeSize(of: template),
            assumptions: assumptions)
        return (spec, [])
    }

    /// An EC2 Fleet: on-demand and spot target capacity, the remainder of the total going to the
    /// default capacity type; weights from `weighted_capacity`, or vCPUs / MiB when the unit type says so.
    func fleetSpec(_ input: CostInput, lookup: ResourceLookup) -> (PoolSpec?, [String]) {
        let a = input.attributes
        guard let target = a["target_capacity_specification"],
            let total = target.path("total_target_capacity")?.numeric
        else { return (nil, ["target_capacity_specification.total_target_capacity is not set or not known"]) }
        var onDemand = target.path("on_demand_target_capacity")?.numeric ?? 0
        var spot = target.path("spot_target_capacity")?.numeric ?? 0
        let remainder = max(0, total - onDemand - spot)
        let defaultType = target.path("default_target_capacity_type")?.stringValue ?? "on-demand"
        if defaultType == "spot" { spot += remainder } else { onDemand += remainder }
        let unitType = target.path("target_capacity_unit_type")?.stringValue

        var assumptions: [String] = []
        let configs = a["launch_template_config"].listOrSingle
        var types: [PoolSpec.WeightedType] = []
        var zoneValues: [AttributeValue] = []
        var everyOverrideHasZone = true
        for config in configs {
            let overrides = config.mapValue?["override"]
            types += weightedTypes(overrides, unitType: unitType)
            for o in overrides.listOrSingle {
                if let z = o.mapValue?["subnet_id"] ?? o.mapValue?["availability_zone"] {
                    zoneValues.append(z)
                } else {
                    everyOverrideHasZone = false
                }
            }
        }
        let template = lookup.resolve(
            configs.first?.path("launch_template_specification", "launch_template_id")
                ?? configs.first?.path("launch_template_specification", "launch_template_name"))
        if types.isEmpty, let type = template?.attributes["instance_type"]?.stringValue {
            types = [.init(name: type, weight: 1)]
        }
        guard !types.isEmpty else { return (nil, ["the fleet's launch_template_config lists no instance types"]) }
        let zones =
            everyOverrideHasZone && !zoneValues.isEmpty
            ? zoneIDs(.list(zoneValues), lookup: lookup, region: input.region, assumptions: &assumptions)
            : zoneIDs(nil, lookup: lookup, region: input.region, assumptions: &assumptions)
        let strategyName = a["spot_options"]?.path("allocation_strategy")?.stringValue ?? "lowest-price"
        guard let strategy = SpotAllocationStrategy(apiValue: strategyName) else {
            return (nil, ["unknown spot_options.allocation_strategy '\(strategyName)'"])
        }
        let poolLimit = a["spot_options"]?.path("instance_pools_to_use_count")?.numeric.map { Int($0) } ?? 1
        let onDemandStrategy: PoolSpec.OnDemandStrategy =
            a["on_demand_options"]?.path("allocation_strategy")?.stringValue == "prioritized"
            ? .prioritized : .lowestPrice
        let spec = PoolSpec(
            region: input.region, types: types, zones: zones, onDemandUnits: onDemand, spotUnits: spot,
            onDemandStrategy: onDemandStrategy, spot: SpotAllocation(strategy: strategy, poolLimit: poolLimit),
            volumeGB: volumeSize(of: template), assumptions: assumptions)
        return (spec, [])
    }

    /// An EKS managed node group: `desired_size` instances, all on-demand (first listed type) or all
    /// spot (price-capacity-optimized, as managed node groups request it); `disk_size` gp3 each.
    func nodeGroupSpec(_ input: CostInput, lookup: ResourceLookup) -> (PoolSpec?, [String]) {
        let a = input.attributes
        let scaling = a["scaling_config"]
        guard let desired = scaling?.path("desired_size")?.numeric ?? scaling?.path("min_size")?.numeric else {
            return (nil, ["scaling_config.desired_size is not known; the size cannot be priced"])
        }
        var assumptions: [String] = []
        var names = a["instance_types"].listOrSingle.compactMap(\.stringValue)
        let template = lookup.resolve(a["launch_template"]?.path("id") ?? a["launch_template"]?.path("name"))
        if names.isEmpty, let type = template?.attributes["instance_type"]?.stringValue { names = [type] }
        if names.isEmpty {
            names = ["t3.medium"]
            assumptions.append("no instance_types: priced as EKS's default t3.medium")
        }
        var volume = a["disk_size"]?.numeric ?? volumeSize(of: template)
        if volume == nil, template == nil {
            volume = 20
            assumptions.append("no disk_size: priced at EKS's default 20 GB")
        }
        let zones = zoneIDs(a["subnet_ids"], lookup: lookup, region: input.region, assumptions: &assumptions)
        let isSpot = a["capacity_type"]?.stringValue == "SPOT"
        let spec = PoolSpec(
            region: input.region, types: names.map { .init(name: $0, weight: 1) }, zones: zones,
            onDemandUnits: isSpot ? 0 : desired, spotUnits: isSpot ? desired : 0, onDemandStrategy: .prioritized,
            spot: SpotAllocation(strategy: .priceCapacityOptimized, poolLimit: 2), volumeGB: volume,
            assumptions: assumptions)
        return (spec, [])
    }

    /// `override` blocks as weighted types; the weight is `weighted_capacity`, else the type's vCPUs
    /// or memory in MiB when the capacity unit type is `vcpu` or `memory-mib`, else 1.
    /// A type listed more than once (an EC2 Fleet lists each type once per subnet) counts once.
    private func weightedTypes(_ overrides: AttributeValue?, unitType: String?) -> [PoolSpec.WeightedType] {
        var seen = Set<String>()
        return overrides.listOrSingle.compactMap { o -> PoolSpec.WeightedType? in
            guard let name = o.mapValue?["instance_type"]?.stringValue, seen.insert(name).inserted else { return nil }
            if let w = o.mapValue?["weighted_capacity"]?.numeric, w > 0 { return .init(name: name, weight: w) }
            let spec = instanceCatalog.type(named: name)
            switch unitType {
            case "vcpu": return .init(name: name, weight: Double(spec?.vCPUs ?? 1))
            case "memory-mib": return .init(name: name, weight: (spec?.memoryGiB ?? 1.0 / 1024) * 1024)
            default: return .init(name: name, weight: 1)
            }
        }
    }

    /// The gp3 size of a launch template's first block device mapping, if declared.
    private func volumeSize(of template: CostInput?) -> Double? {
        template?.attributes["block_device_mappings"].listOrSingle.first?.path("ebs", "volume_size")?.numeric
    }

    /// AZ IDs of the subnets (or zones) an attribute lists; nil, with an assumption, when any is
    /// unknown or named only by an account-specific zone name (`us-east-1a`).
    func zoneIDs(
        _ value: AttributeValue?, lookup: ResourceLookup, region: String, assumptions: inout [String]
    ) -> Set<String>? {
        let items = value.listOrSingle
        var zones = Set<String>()
        var unresolved: [String] = []
        for item in items {
            if let s = item.stringValue, Self.isZoneID(s) {
                zones.insert(s)
                continue
            }
            let subnet = lookup.resolve(item)
            if let id = subnet?.attributes["availability_zone_id"]?.stringValue, Self.isZoneID(id) {
                zones.insert(id)
            } else if let name = subnet?.attributes["availability_zone"]?.stringValue, Self.isZoneID(name) {
                zones.insert(name)
            } else {
                unresolved.append(subnet?.address.description ?? item.description)
            }
        }
        if items.isEmpty || !unresolved.isEmpty {
            let why =
                items.isEmpty
                ? "no subnets or zones declared" : "zone IDs not known for " + unresolved.joined(separator: ", ")
            assumptions.append("\(why): priced over every zone of \(region) that offers the type")
            return nil
        }
        return zones
    }

    /// Whether `s` is an AZ ID (`use1-az4`), the same zone in every account, unlike `us-east-1a`.
    /// (Hand-written rather than a Regex: it runs for every subnet of every pool, and
    /// Swift Regex matching is the slowest part of pricing a large manifest when used here.)
    static func isZoneID(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")), dash > 0,
            bytes.count > dash + 3, bytes[dash + 1] == UInt8(ascii: "a"), bytes[dash + 2] == UInt8(ascii: "z")
        else { return false }
        let isLower = { (b: UInt8) in b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let head = bytes[..<dash]
        guard let firstDigit = head.firstIndex(where: isDigit) ?? Optional(dash), firstDigit > 0,
            head[..<firstDigit].allSatisfy(isLower), head[firstDigit...].allSatisfy(isDigit)
        else { return false }
        return bytes[(dash + 3)...].allSatisfy(isDigit)
    }
}

extension Double {
    /// The value, or `low` when it is below.
    func clamped(_ low: Double) -> Double { Swift.max(self, low) }
}
