/// An EC2 fleet of type `maintain`: AWS keeps the target capacity running, replacing reclaimed
/// spot instances from the cheapest available pools among the listed types and zones.
///
/// ```swift
/// SpotFleet("batch", network: net)
///     .instanceTypes("g6e.12xlarge", "g6e.24xlarge")
///     .targetCapacity(gpus: 32)          // weights from each type's GPU count
///     .onDemandFloor(8)
/// ```
public struct SpotFleet: ConfigurableConstruct {
    /// What the target capacity counts.
    public enum Unit: String, Hashable, Sendable {
        /// Instances, whatever their size.
        case instances
        /// GPUs: each type is weighted by its GPU count.
        case gpus
    }

    /// The construct's name: the `NAME` of its resources' addresses.
    public let name: String
    /// The network whose private subnets the fleet launches into (one override per type and subnet).
    public let network: Network
    /// The instance types the fleet may launch (`.instanceTypes(…)`).
    public var instanceTypes: [String] = []
    /// The target capacity, in `unit`s (`.targetCapacity(instances:)` or `.targetCapacity(gpus:)`).
    public var target = 1
    /// What `target` counts.
    public var unit: Unit = .instances
    /// Capacity kept on-demand whatever spot offers (`.onDemandFloor(…)`).
    public var onDemandFloor = 0
    /// How spot capacity is chosen (`.allocation(…)`).
    public var allocation: SpotAllocation = .priceCapacityOptimized
    /// The image; the default resolves NVIDIA's EKS-optimized GPU AMI through SSM at launch.
    public var imageID =
        "resolve:ssm:/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/nvidia/recommended/image_id"
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    let site: DeclarationSite
    var capacitySite: SourceLocation?

    /// A fleet named `name` in `network`: one instance, spot, price-capacity-optimized, until modifiers
    /// say otherwise. `file` and `line` record where it was declared (for diagnostics); leave them out.
    public init(_ name: String, network: Network, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.network = network
        self.site = DeclarationSite(file: file, line: line)
    }

    /// Instance types the fleet may use.
    public func instanceTypes(_ types: String...) -> SpotFleet {
        var copy = self
        copy.instanceTypes = types
        return copy
    }

    /// Target capacity counted in instances.
    public func targetCapacity(instances: Int, file: String = #filePath, line: Int = #line) -> SpotFleet {
        var copy = self
        copy.target = instances
        copy.unit = .instances
        copy.capacitySite = SourceLocation(file: file, line: line)
        return copy
    }

    /// Target capacity counted in GPUs; each type weighs its GPU count.
    public func targetCapacity(gpus: Int, file: String = #filePath, line: Int = #line) -> SpotFleet {
        var copy = self
        copy.target = gpus
        copy.unit = .gpus
        copy.capacitySite = SourceLocation(file: file, line: line)
        return copy
    }

    /// Capacity (in the target's unit) always bought on-demand.
    public func onDemandFloor(_ capacity: Int) -> SpotFleet {
        var copy = self
        copy.onDemandFloor = capacity
        return copy
    }

    /// The spot allocation strategy.
    public func allocation(_ strategy: SpotAllocation) -> SpotFleet {
        var copy = self
        copy.allocation = strategy
        return copy
    }

    /// The address of the `aws_ec2_fleet`.
    public var fleetAddress: ResourceAddress { site.address("aws_ec2_fleet", name) }
    /// The address of the fleet's `aws_launch_template`.
    public var launchTemplateAddress: ResourceAddress { site.address("aws_launch_template", name) }

    public func expand(in context: SynthesisContext) {
        network.include(in: context)
        let region = network.resolvedRegion(in: context)
        let location = site.location
        InstanceTypeValidation.check(instanceTypes, region: region, owner: "fleet '\(name)'", at: location, in: context)
        if target < 1 {
            context.error(
                "fleet '\(name)': target capacity must be at least 1, got \(target)",
                hint: "set .targetCapacity(instances:) or (gpus:) to 1 or more", at: capacitySite ?? location)
        }
        if onDemandFloor < 0 || onDemandFloor > target {
            context.error(
                "fleet '\(name)': on-demand floor \(onDemandFloor) is outside 0…target (\(target))",
                hint: "lower the floor or raise the target", at: capacitySite ?? location)
        }
        context.emit(
            context.resource(
                launchTemplateAddress, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: launchTemplateAddress, maxLength: 128)),
                    "image_id": .string(imageID),
                    "instance_type": .string(instanceTypes.first ?? ""),
                    "vpc_security_group_ids": [network.securityGroupID],
                ], options: options, at: location))
        let catalog = InstanceCatalog.bundled
        let subnets = network.subnetIDs(in: context)
        var overrides: [AttributeValue] = []
        for type in instanceTypes {
            let weight = unit == .gpus ? Double(catalog.type(named: type)?.acceleratorCount ?? 1) : 1
            for subnet in subnets {
                overrides.append([
                    "instance_type": .string(type), "weighted_capacity": .number(weight), "subnet_id": subnet,
                ])
            }
        }
        context.emit(
            context.resource(
                fleetAddress, region: region,
                attributes: [
                    "type": "maintain",
                    "target_capacity_specification": [
                        "total_target_capacity": .number(Double(target)),
                        "on_demand_target_capacity": .number(Double(onDemandFloor)),
                        "spot_target_capacity": .number(Double(max(0, target - onDemandFloor))),
                        "default_target_capacity_type": "spot",
                    ],
                    "launch_template_config": [
                        "launch_template_specification": [
                            "launch_template_id": .reference(ResourceReference(launchTemplateAddress, "id")),
                            "version": "$Latest",
                        ],
                        "override": .list(overrides),
                    ],
                    "spot_options": ["allocation_strategy": .string(allocation.rawValue)],
                    "on_demand_options": ["allocation_strategy": "lowest-price"],
                ], options: options, at: capacitySite ?? location))
    }
}
