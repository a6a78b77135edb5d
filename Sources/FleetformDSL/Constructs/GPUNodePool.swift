/// A pool of GPU nodes in the network's private subnets: a launch template (IMDSv2 only, an
/// instance profile, user data) and an Auto Scaling group with a mixed-instances policy (several
/// instance types for spot diversification), or an EKS managed node group when the pool belongs
/// to a `KubernetesCluster`. Every pool has its own IAM role: least-privilege access to the
/// buckets it reads and writes, pulls from the registries it uses, the CloudWatch agent and SSM
/// Session Manager (no SSH).
///
/// ```swift
/// GPUNodePool("trainers", network: net)
///     .instanceTypes("p5.48xlarge", "p4d.24xlarge")
///     .capacity(min: 0, desired: 4, max: 32)
///     .purchase(.spot(onDemandBase: 2))
///     .volumeSize(gigabytes: 500)
///     .labels(["workload": "training"])
///     .reads(datasets).writes(checkpoints).pulls(models).mounts(scratch)
///     .userData(.file("plans/nodes/train.sh"))
/// ```
public struct GPUNodePool: ConfigurableConstruct {
    /// The construct's name: the `NAME` of its resources' addresses and part of their physical names.
    public let name: String
    /// The network whose private subnets the nodes run in.
    public let network: Network
    /// EC2 instance types the group may launch, in order of preference (`.instanceTypes(…)`).
    public var instanceTypes: [String] = []
    /// The group's minimum size (`.capacity(min:desired:max:)`).
    public var minSize = 0
    /// The group's desired size.
    public var desiredSize = 1
    /// The group's maximum size.
    public var maxSize = 1
    /// On-demand, or spot with an on-demand base (`.purchase(…)`).
    public var purchase: PurchaseOption = .onDemand
    /// The image; the default resolves NVIDIA's EKS-optimized GPU AMI through SSM at launch.
    public var imageID = GPUNodePool.defaultImage
    /// NVIDIA's EKS-optimized GPU AMI (Amazon Linux 2023), resolved through SSM at launch.
    public static let defaultImage =
        "resolve:ssm:/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/nvidia/recommended/image_id"
    /// The root volume's size in GiB (`.volumeSize(gigabytes:)`).
    public var volumeGigabytes = 200
    /// Kubernetes node labels (`.labels(…)`), also set as tags.
    public var labels: [String: String] = [:]
    /// The EKS cluster the pool joins as a managed node group (`.cluster(…)`); nil for a plain Auto Scaling group.
    public var cluster: KubernetesCluster?
    /// Capacity taken from a committed recommendation, when declared (see `RecommendedCapacity`).
    public var recommended: RecommendedCapacity?
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    /// Buckets the nodes read, and write (typed handles: the policy names exactly these).
    public var readBuckets: [Bucket] = []
    /// Buckets the nodes write (`.writes(…)`); writing implies reading.
    public var writeBuckets: [Bucket] = []
    /// Registries the nodes pull images from.
    public var pulledRegistries: [Registry] = []
    /// File systems the nodes mount at boot.
    public var mountedFileSystems: [FileSystem] = []
    /// What the nodes run at boot (pools without a cluster).
    public var bootScript: UserData?
    /// How changes to the nodes roll out; nil: canary in production, in place elsewhere.
    public var rollout: Rollout?
    /// Extra nodes a rollout may run above the desired size.
    public var rolloutSurge: Int?
    /// What the pool is watched for; nil: `.standard` in production, `.off` elsewhere (`.monitoring(…)`).
    public var monitoringChoice: PoolMonitoring?
    let site: DeclarationSite
    var monitoringSite: SourceLocation?
    var userDataSite: SourceLocation?
    var capacitySite: SourceLocation?
    var purchaseSite: SourceLocation?
    var typesSite: SourceLocation?

    /// A pool named `name` in `network`'s private subnets: on-demand, `min 0 / desired 1 / max 1`,
    /// with NVIDIA's EKS-optimized GPU image, until modifiers say otherwise. `file` and `line` record
    /// where it was declared (for diagnostics); leave them out.
    public init(_ name: String, network: Network, file: String = #filePath, line: Int = #line) {
        self.init(name, network: network, site: DeclarationSite(file: file, line: line))
    }

    init(_ name: String, network: Network, site: DeclarationSite) {
        self.name = name
        self.network = network
        self.site = site
    }

    /// Instance types, most preferred first; several types let spot capacity come from more pools.
    public func instanceTypes(_ types: String..., file: String = #filePath, line: Int = #line) -> GPUNodePool {
        instanceTypesList(types, file: file, line: line)
    }

    /// Size bounds and the desired size (`min <= desired <= max`).
    public func capacity(min: Int, desired: Int, max: Int, file: String = #filePath, line: Int = #line) -> GPUNodePool {
        var copy = self
        copy.minSize = min
        copy.desiredSize = desired
        copy.maxSize = max
        copy.capacitySite = SourceLocation(file: file, line: line)
        return copy
    }

    /// Sizes, instance types, purchase split and a daily schedule from a `fleetform recommend
    /// --write` file committed next to the stack:
    /// `.capacity(.recommended(from: "plans/capacity/trainers.json"))`.
    public func capacity(_ recommended: RecommendedCapacity, file: String = #filePath, line: Int = #line) -> GPUNodePool
    {
        var copy = self
        copy.recommended = recommended
        copy.capacitySite = SourceLocation(file: file, line: line)
        return copy
    }

    /// How instances are bought (on-demand, or spot above an on-demand base).
    public func purchase(_ option: PurchaseOption, file: String = #filePath, line: Int = #line) -> GPUNodePool {
        var copy = self
        copy.purchase = option
        copy.purchaseSite = SourceLocation(file: file, line: line)
        return copy
    }

    /// The machine image id (or a `resolve:ssm:` parameter).
    public func ami(_ imageID: String) -> GPUNodePool {
        var copy = self
        copy.imageID = imageID
        return copy
    }

    /// Root volume size (gp3).
    public func volumeSize(gigabytes: Int) -> GPUNodePool {
        var copy = self
        copy.volumeGigabytes = gigabytes
        return copy
    }

    /// Kubernetes node labels (also published as cluster-autoscaler node-template tags).
    public func labels(_ labels: [String: String]) -> GPUNodePool {
        var copy = self
        copy.labels.merge(labels) { _, new in new }
        return copy
    }

    /// Runs the pool as an EKS managed node group of `cluster`.
    public func cluster(_ cluster: KubernetesCluster) -> GPUNodePool {
        var copy = self
        copy.cluster = cluster
        return copy
    }

    /// The Auto Scaling group's address.
    public var groupAddress: ResourceAddress { site.address("aws_autoscaling_group", name) }
    /// The launch template's address.
    public var launchTemplateAddress: ResourceAddress { site.address("aws_launch_template", name) }
    /// The EKS node group's address (when the pool belongs to a cluster).
    public var nodeGroupAddress: ResourceAddress { site.address("aws_eks_node_group", name) }

    var identity: String { "pool:\(site.modulePath):\(name)@\(site.location)" }

    /// Makes sure the pool is part of the stack (it may only be passed to other constructs).
    public func include(in context: SynthesisContext) { expand(in: context) }

    public func expand(in context: SynthesisContext) {
        guard context.firstExpansion(of: identity) else { return }
        network.include(in: context)
        let region = network.resolvedRegion(in: context)
        var pool = self
        var schedule: [(hour: Int, desired: Int)] = []
        if let recommended {
            switch recommended.sizing(in: context.environment) {
            case .success(let sizing):
                if !sizing.instanceTypes.isEmpty { pool.instanceTypes = sizing.instanceTypes }
                pool.minSize = sizing.min
                pool.desiredSize = sizing.desired
                pool.maxSize = sizing.max
                pool.purchase = sizing.purchase
                schedule = sizing.schedule
            case .failure(let problem):
                context.error(
                    "pool '\(name)': \(problem.message)", hint: problem.hint, at: capacitySite ?? site.location)
                return
            }
        }
        pool.validate(in: context, region: region)
        pool.expandIdentity(in: context, region: region)
        if let cluster {
            pool.expandManaged(in: context, cluster: cluster, region: region)
        } else {
            pool.expandAutoScaling(in: context, region: region, scheduled: !schedule.isEmpty)
            pool.expandSchedule(schedule, in: context, region: region)
            pool.declareRollout(in: context)
        }
        pool.expandMonitoring(in: context, region: region)
    }

    /// One `aws_autoscaling_schedule` per scheduled level (daily, UTC).
    private func expandSchedule(_ schedule: [(hour: Int, desired: Int)], in context: SynthesisContext, region: Region) {
        for entry in schedule {
            let key = (entry.hour < 10 ? "0" : "") + "\(entry.hour)00"
            let attributes: [String: AttributeValue] = [
                "scheduled_action_name": .string("\(name)-daily-\(key)"),
                "autoscaling_group_name": .reference(ResourceReference(groupAddress, "name")),
                "recurrence": .string("0 \(entry.hour) * * *"),
                "time_zone": "Etc/UTC",
                "min_size": .number(Double(minSize)),
                "max_size": .number(Double(maxSize)),
                "desired_capacity": .number(Double(entry.desired)),
            ]
            context.emit(
                context.resource(
                    site.address("aws_autoscaling_schedule", name, key: key), region: region, attributes: attributes,
                    options: options, at: capacitySite ?? site.location, taggable: false))
        }
    }

    private var spotSettings: (base: Int, percentage: Int, allocation: SpotAllocation)? {
        if case .spot(let base, let percentage, let allocation) = purchase { return (base, percentage, allocation) }
        return nil
    }

    /// The launch template and group; a `scheduled` group's desired size belongs to its schedule
    /// between applies, so changes the schedule makes are not reverted.
    private func expandAutoScaling(in context: SynthesisContext, region: Region, scheduled: Bool = false) {
        let location = site.location
        var template: [String: AttributeValue] = [
            "name": .string(context.physicalName(for: launchTemplateAddress, maxLength: 128)),
            "image_id": .string(imageID),
            "instance_type": .string(instanceTypes.first ?? ""),
            "block_device_mappings": [
                [
                    "device_name": "/dev/xvda",
                    "ebs": ["volume_size": .number(Double(volumeGigabytes)), "volume_type": "gp3"],
                ]
            ],
            "vpc_security_group_ids": [network.securityGroupID],
            "iam_instance_profile": [["name": .reference(ResourceReference(instanceProfileAddress, "name"))]],
            "metadata_options": [
                ["http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 2]
            ],
        ]
        if let userData = userData(in: context) { template["user_data"] = .string(userData) }
        context.emit(
            context.resource(
                launchTemplateAddress, region: region, attributes: template, options: options, at: location))

        let spot = spotSettings
        let distribution: AttributeValue = [
            "on_demand_base_capacity": .number(Double(spot?.base ?? 0)),
            "on_demand_percentage_above_base_capacity": .number(Double(spot?.percentage ?? 100)),
            "spot_allocation_strategy": .string((spot?.allocation ?? .priceCapacityOptimized).rawValue),
        ]
        let overrides: [AttributeValue] = instanceTypes.map { ["instance_type": .string($0)] }
        var tags = options.tags
        for (key, value) in labels { tags["k8s.io/cluster-autoscaler/node-template/label/\(key)"] = value }
        var groupOptions = options
        groupOptions.tags = tags
        if scheduled { groupOptions.lifecycle.ignoreChanges.append("desired_capacity") }
        // Nodes boot with their permissions in place and mount what they mount at boot.
        groupOptions.dependsOn +=
            attachmentAddresses(in: context)
            + mountedFileSystems.flatMap { $0.readyAddresses(in: context, network: network) }
        // The provider's aws_autoscaling_group has `tag` blocks, not a `tags` map: tools reading the
        // plan (checkov, OPA) find the group's tags only there.
        var group: [String: AttributeValue] = [
            "tag": context.tagBlocks(for: groupAddress, extra: groupOptions.tags),
            "name": .string(context.physicalName(for: groupAddress, maxLength: 255)),
            "min_size": .number(Double(minSize)),
            "max_size": .number(Double(maxSize)),
            "desired_capacity": .number(Double(desiredSize)),
            "vpc_zone_identifier": .list(network.subnetIDs(in: context)),
            "capacity_rebalance": .bool(spot != nil),
            "mixed_instances_policy": [
                "instances_distribution": distribution,
                "launch_template": [
                    "launch_template_specification": [
                        "launch_template_id": .reference(ResourceReference(launchTemplateAddress, "id")),
                        "version": "$Latest",
                    ],
                    "override": .list(overrides),
                ],
            ],
        ]
        let metrics = enabledGroupMetrics(in: context)
        if !metrics.isEmpty { group["enabled_metrics"] = .list(metrics.map { .string($0) }) }
        context.emit(
            context.resource(
                groupAddress, region: region, attributes: group, options: groupOptions, at: capacitySite ?? location,
                taggable: false))
    }

    private func expandManaged(in context: SynthesisContext, cluster: KubernetesCluster, region: Region) {
        cluster.expand(in: context)
        if let spot = spotSettings, spot.base > 0 || spot.percentage > 0 {
            context.error(
                "pool '\(name)': an EKS managed node group is either all on-demand or all spot, but this one mixes them",
                hint: "declare two pools (one .onDemand, one .spot()) or drop the cluster to use an Auto Scaling group",
                at: purchaseSite ?? site.location)
        }
        let attributes: [String: AttributeValue] = [
            "cluster_name": .reference(ResourceReference(cluster.clusterAddress, "name")),
            "node_group_name": .string(context.physicalName(for: nodeGroupAddress, maxLength: 63)),
            "node_role_arn": .reference(ResourceReference(roleAddress, "arn")),
            "subnet_ids": .list(network.subnetIDs(in: context)),
            "instance_types": .list(instanceTypes.map { .string($0) }),
            "capacity_type": spotSettings == nil ? "ON_DEMAND" : "SPOT",
            "scaling_config": [
                "desired_size": .number(Double(desiredSize)), "min_size": .number(Double(minSize)),
                "max_size": .number(Double(maxSize)),
            ],
            "disk_size": .number(Double(volumeGigabytes)),
            "labels": .map(labels.mapValues { .string($0) }),
        ]
        var groupOptions = options
        // The node group's role must carry the EKS worker policies before nodes join.
        groupOptions.dependsOn += attachmentAddresses(in: context)
        context.emit(
            context.resource(
                nodeGroupAddress, region: region, attributes: attributes, options: groupOptions,
                at: capacitySite ?? site.location))
    }

    func validate(in context: SynthesisContext, region: Region) {
        let location = site.location
        InstanceTypeValidation.check(
            instanceTypes, region: region, owner: "pool '\(name)'", at: typesSite ?? location, in: context)
        let capacityLocation = capacitySite ?? location
        if minSize < 0 || desiredSize < 0 || maxSize < 0 {
            context.error(
                "pool '\(name)': sizes cannot be negative (min \(minSize), desired \(desiredSize), max \(maxSize))",
                hint: "use sizes of 0 or more", at: capacityLocation)
        } else if !(minSize <= desiredSize && desiredSize <= maxSize) {
            let which =
                desiredSize > maxSize
                ? "desired (\(desiredSize)) is above max (\(maxSize))"
                : minSize > maxSize
                    ? "min (\(minSize)) is above max (\(maxSize))"
                    : "desired (\(desiredSize)) is below min (\(minSize))"
            context.error("pool '\(name)': \(which)", hint: "keep min <= desired <= max", at: capacityLocation)
        }
        if let spot = spotSettings {
            if spot.base < 0 || spot.base > maxSize {
                context.error(
                    "pool '\(name)': on-demand base \(spot.base) is outside 0…max (\(maxSize))",
                    hint: "lower onDemandBase or raise max", at: purchaseSite ?? location)
            }
            if !(0...100).contains(spot.percentage) {
                context.error(
                    "pool '\(name)': on-demand percentage above base must be 0…100, got \(spot.percentage)",
                    hint: "use a percentage from 0 to 100", at: purchaseSite ?? location)
            }
        }
        if cluster != nil, let bootScript, bootScript != .none {
            context.error(
                "pool '\(name)': user data is for pools without a cluster; an EKS managed node group boots the EKS AMI's own bootstrap",
                hint: "drop .userData, or drop .cluster to run the script on an Auto Scaling group",
                at: userDataSite ?? location)
        }
        if !(8...16_384).contains(volumeGigabytes) {
            context.error(
                "pool '\(name)': volume size \(volumeGigabytes) GiB is outside 8…16384",
                hint: "choose a gp3 size from 8 to 16384 GiB", at: location)
        }
    }
}

extension GPUNodePool {
    /// Instance types from an array (for modules that take them as a parameter).
    public func instanceTypesList(_ types: [String], file: String = #filePath, line: Int = #line) -> GPUNodePool {
        var copy = self
        copy.instanceTypes = types
        copy.typesSite = SourceLocation(file: file, line: line)
        return copy
    }
}
