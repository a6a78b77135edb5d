import Dispatch
import FleetformModel
import Synchronization

/// Prices every resource of a manifest, a state or a plan with a `PriceCatalog`.
///
/// ```swift
/// let estimator = CostEstimator(catalog: try PriceCatalog.load(from: nil))
/// let report = estimator.estimate(manifest)          // CostReport
/// let diff = estimator.estimate(plan, priorState: state)  // CostDiff: before → after
/// print(diff.costLine)                                // Monthly cost: $41,230 → $52,980 (+$11,750, +28.5%)
/// ```
///
/// A month is `hoursPerMonth` hours (730, AWS's convention). What each resource type costs:
/// node pools (`aws_autoscaling_group`, `aws_eks_node_group`) and fleets (`aws_ec2_fleet`) from
/// their desired size, purchase mix and allocation strategy (see `SpotAllocation`), plus gp3
/// volumes; buckets from usage hints; replication from replicated terabytes; EKS per cluster;
/// NAT gateways, Elastic IPs, interface endpoints, FSx for Lustre, ECR and load balancers (see
/// `CostEstimator+Network.swift`); alarms, dashboards and KMS keys (`CostEstimator+Monitoring.swift`).
/// Resources AWS does not charge for are `free`; anything else without a price says why.
public struct CostEstimator: Sendable {
    public var catalog: PriceCatalog
    public var hoursPerMonth: Double
    /// Accelerator counts per instance type, for GPU-hours.
    public var instanceCatalog: InstanceCatalog

    public init(catalog: PriceCatalog, hoursPerMonth: Double = 730, instanceCatalog: InstanceCatalog = .bundled) {
        self.catalog = catalog
        self.hoursPerMonth = hoursPerMonth
        self.instanceCatalog = instanceCatalog
    }

    /// Resource types AWS does not charge for, with the reason shown in reports.
    public static let freeTypes: [String: String] = [
        "aws_vpc": "VPCs are free",
        "aws_subnet": "subnets are free",
        "aws_security_group": "security groups are free",
        "aws_security_group_rule": "security group rules are free",
        "aws_vpc_security_group_ingress_rule": "security group rules are free",
        "aws_vpc_security_group_egress_rule": "security group rules are free",
        "aws_route_table": "route tables are free",
        "aws_route_table_association": "route table associations are free",
        "aws_internet_gateway": "internet gateways are free (data transfer is not priced)",
        "aws_launch_template": "launch templates are free (their volumes are priced on the pools using them)",
        "aws_iam_role": "IAM is free",
        "aws_iam_policy": "IAM is free",
        "aws_iam_role_policy": "IAM is free",
        "aws_iam_role_policy_attachment": "IAM is free",
        "aws_iam_instance_profile": "IAM is free",
        "aws_s3_bucket_versioning": "versioning itself is free (old versions count as stored data)",
        "aws_s3_bucket_server_side_encryption_configuration":
            "encryption settings are free (a customer-managed key is priced on its aws_kms_key; with S3 Bucket Keys its requests are few)",
        "aws_s3_bucket_public_access_block": "free",
        "aws_s3_bucket_ownership_controls": "free",
        // Server access logging costs nothing but the log objects' storage, priced on the log
        // bucket (aws.amazon.com/s3/pricing, as of 2025-06-01).
        "aws_s3_bucket_logging": "server access logging is free (the logs are stored, and priced, in the log bucket)",
        "aws_default_security_group": "security groups are free",
        "aws_s3_bucket_lifecycle_configuration": "free (its storage-class split is priced on the bucket)",
        "aws_s3_bucket_policy": "free",
        // S3 charges nothing to send a bucket's events to EventBridge, and AWS service events on
        // the default bus are free (aws.amazon.com/eventbridge/pricing, as of 2025-06-01).
        "aws_s3_bucket_notification": "S3 events to EventBridge are free",
        "aws_autoscaling_schedule": "scheduled actions are free (the group's size is priced on the group)",
        "aws_route": "routes are free",
        "aws_ecr_lifecycle_policy": "free",
        "aws_lb_target_group": "target groups are free (the load balancer is priced)",
        "aws_lb_listener": "listeners are free (the load balancer is priced)",
        "aws_autoscaling_attachment": "free",
        "aws_efs_mount_target": "mount targets are free (the file system is priced)",
        // SNS (aws.amazon.com/sns/pricing, list prices as of 2025-06-01): topics cost nothing; the
        // first 1,000 e-mail deliveries and 1 million requests a month are free, far above alerts.
        "aws_sns_topic": "SNS topics are free (alert deliveries stay within the monthly free tier)",
        "aws_sns_topic_policy": "free",
        "aws_sns_topic_subscription": "subscriptions are free (alert deliveries stay within the monthly free tier)",
        // EventBridge (aws.amazon.com/eventbridge/pricing, as of 2025-06-01): AWS service events
        // on the default bus are free, and so is delivering them to targets.
        "aws_cloudwatch_event_rule": "EventBridge rules on AWS service events are free",
        "aws_cloudwatch_event_target": "free",
        // KMS (aws.amazon.com/kms/pricing, as of 2025-06-01): the key is priced; its policy and
        // aliases cost nothing.
        "aws_kms_key_policy": "free (the key is priced)",
        "aws_kms_alias": "aliases are free (the key is priced)",
    ]

    /// Prices a manifest: what the stack costs once applied.
    public func estimate(_ manifest: Manifest) -> CostReport {
        let inputs = manifest.resources.map {
            CostInput(address: $0.address, region: $0.provider.region, attributes: $0.attributes, usage: $0.usage)
        }
        return report(stack: manifest.stack, environment: manifest.environment, inputs: inputs)
    }

    /// Prices a state: what the environment costs now.
    public func estimate(_ state: State) -> CostReport {
        let inputs = state.sortedResources.map {
            CostInput(
                address: $0.address, region: $0.provider.region, attributes: $0.attributes, usage: $0.usage, id: $0.id)
        }
        return report(stack: state.stack, environment: state.environment, inputs: inputs)
    }

    /// Prices both sides of a plan, and its rollouts' overlap as one-off costs (`oneOff`). The
    /// before side uses each change's prior attributes (with the usage hints the prior state
    /// recorded, else the declaration's); the after side uses the declaration (`desired`) where
    /// there is one, else the planned attributes.
    ///
    /// `prior`, from ``estimatePrior(_:declared:)`` on the state the plan was made against, is
    /// used as the before side when the plan covers every resource of that state (no `--target`),
    /// so that side can be priced while the plan is being made.
    public func estimate(_ plan: Plan, priorState: State? = nil, prior: CostReport? = nil) -> CostDiff {
        var before: [CostInput] = []
        var after: [CostInput] = []
        var actions: [ResourceAddress: ChangeAction] = [:]
        for change in plan.changes {
            actions[change.address] = change.action
            // Usage hints describe the workload, not the resource: a state that recorded none
            // (or a plan without a state) uses the declared ones, so only real changes move the bill.
            let declaredUsage = change.desired?.usage.nilIfEmpty
            let recorded = priorState?.resources[change.address]
            if let attributes = change.before {
                before.append(
                    CostInput(
                        address: change.address, region: recorded?.provider.region ?? change.provider.region,
                        attributes: attributes, usage: recorded?.usage.nilIfEmpty ?? declaredUsage ?? [:],
                        id: change.priorID))
            }
            if let attributes = change.desired?.attributes ?? change.after {
                after.append(
                    CostInput(
                        address: change.address, region: change.desired?.provider.region ?? change.provider.region,
                        attributes: attributes, usage: declaredUsage ?? recorded?.usage.nilIfEmpty ?? [:],
                        id: change.priorID))
            }
        }
        if let prior, prior.resources.count == before.count,
            before.allSatisfy({ prior.contains($0.address) })
        {
            var diff = CostDiff(
                before: prior, after: report(stack: plan.stack, environment: plan.environment, inputs: after),
                actions: actions)
            diff.oneOff = oneOffCosts(plan)
            return diff
        }
        // The two sides are independent: priced at once on two threads.
        let sides = Mutex<[Int: CostReport]>([:])
        let inputs = [before, after]
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            let priced = report(stack: plan.stack, environment: plan.environment, inputs: inputs[side])
            sides.withLock { $0[side] = priced }
        }
        let priced = sides.withLock { $0 }
        guard let old = priced[0], let new = priced[1] else { preconditionFailure("both sides are priced") }
        var diff = CostDiff(before: old, after: new, actions: actions)
        diff.oneOff = oneOffCosts(plan)
        return diff
    }

    /// The before side of a plan of `manifest` against `state` that covers all of `state`,
    /// priced from those two alone: each recorded resource with its recorded attributes (its id
    /// as `id` when not recorded there), region and usage hints (the declaration's when the
    /// state recorded none). See ``estimate(_:priorState:prior:)``.
    public func estimatePrior(_ state: State, declared manifest: Manifest) -> CostReport {
        var declaredUsage: [ResourceAddress: [String: Double]] = [:]
        for index in manifest.resources.indices where !manifest.resources[index].usage.isEmpty {
            declaredUsage[manifest.resources[index].address] = manifest.resources[index].usage
        }
        let inputs = state.resources.values.map { recorded in
            CostInput(
                address: recorded.address, region: recorded.provider.region, attributes: recorded.attributesWithID,
                usage: recorded.usage.nilIfEmpty ?? declaredUsage[recorded.address] ?? [:], id: recorded.id)
        }
        return report(stack: manifest.stack, environment: manifest.environment, inputs: inputs)
    }

    /// The catalog as reports cite it.
    public var catalogInfo: CostReport.CatalogInfo {
        CostReport.CatalogInfo(
            name: catalog.name, snapshotDate: catalog.snapshotDate, origin: catalog.origin.description,
            sources: catalog.sources.values.sorted { $0.id < $1.id })
    }

    func report(stack: String, environment: String, inputs: [CostInput]) -> CostReport {
        let lookup = ResourceLookup(inputs)
        let pricer = PoolPricer(catalog: catalog, instances: instanceCatalog, hoursPerMonth: hoursPerMonth)
        let resources = inputs.concurrentMap { price($0, lookup: lookup, pricer: pricer) }
        return CostReport(
            stack: stack, environment: environment, hoursPerMonth: hoursPerMonth, catalog: catalogInfo,
            resources: consume resources)
    }

    func price(_ input: CostInput, lookup: ResourceLookup, pricer: PoolPricer) -> ResourceCost {
        var cost = ResourceCost(
            address: input.address, type: input.type, region: input.region, tags: input.tags, status: .priced)
        if let reason = Self.freeTypes[input.type] {
            cost.status = .free(reason)
            return cost
        }
        let spec: (PoolSpec?, [String])
        switch input.type {
        case "aws_autoscaling_group": spec = autoScalingGroupSpec(input, lookup: lookup)
        case "aws_ec2_fleet": spec = fleetSpec(input, lookup: lookup)
        case "aws_eks_node_group": spec = nodeGroupSpec(input, lookup: lookup)
        case "aws_eks_cluster": return eksCluster(input, cost)
        case "aws_s3_bucket": return bucket(input, lookup: lookup, cost)
        case "aws_s3_bucket_replication_configuration": return replication(input, lookup: lookup, cost)
        case "aws_nat_gateway": return natGateway(input, cost)
        case "aws_eip": return publicAddress(input, cost)
        case "aws_vpc_endpoint": return vpcEndpoint(input, cost)
        case "aws_fsx_lustre_file_system": return lustre(input, cost)
        case "aws_efs_file_system": return elasticFileSystem(input, cost)
        case "aws_ecr_repository": return registry(input, cost)
        case "aws_lb": return loadBalancer(input, cost)
        case "aws_cloudwatch_metric_alarm": return metricAlarm(input, cost)
        case "aws_cloudwatch_dashboard": return dashboard(input, cost)
        case "aws_kms_key": return kmsKey(input, cost)
        case "aws_flow_log": return flowLog(input, cost)
        default:
            cost.status = .unpriced(["Fleetform has no price model for \(input.type)"])
            return cost
        }
        guard let poolSpec = spec.0 else {
            cost.status = .unpriced(spec.1)
            return cost
        }
        let priced = pricer.price(poolSpec)
        cost.components = priced.components
        cost.assumptions = poolSpec.assumptions
        cost.pool = priced.economics
        cost.status = Self.status(components: priced.components, missing: priced.missing)
        return cost
    }

    /// `priced`, `partial` or `unpriced` from what was priced and what was missing.
    static func status(components: [CostComponent], missing: [String]) -> CostStatus {
        if missing.isEmpty { return .priced }
        return components.isEmpty ? .unpriced(missing) : .partial(missing)
    }

    private func eksCluster(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        var cost = cost
        guard let price = catalog.price(.eksControlPlane, region: input.region) else {
            cost.status = .unpriced(["the price catalog has no EKS control plane price for \(input.region)"])
            return cost
        }
        cost.components = [
            CostComponent(name: "EKS control plane", monthlyQuantity: hoursPerMonth, unit: "hours", price: price)
        ]
        return cost
    }
}

extension Dictionary {
    /// nil when empty.
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
