import FleetformModel

/// A cost paid once rather than every month: the overlap of a pool rollout, when green's new
/// nodes run beside blue's (`PlannedRollout.overlapNodeHours`), priced at green's on-demand rate
/// from the same catalog as the monthly bill.
///
/// ```swift
/// let diff = CostEstimator(catalog: catalog).estimate(plan)
/// diff.oneOff.first?.line
/// // aws_autoscaling_group.servers: $8.05 once for the rollout's overlap
/// //   (about 8 node-hours of g5.xlarge at $1.006/hour on demand)
/// ```
public struct OneOffCost: Hashable, Sendable {
    /// The pool's Auto Scaling group.
    public var address: ResourceAddress
    /// Node-hours above the pool's desired size during the rollout.
    public var nodeHours: Double
    /// The instance type green runs.
    public var instanceType: String
    /// The region the pool runs in.
    public var region: String
    /// The on-demand price per hour from the catalog; nil when it does not list the type in the region.
    public var hourly: Double?

    /// The overlap's cost in USD, to the cent; nil when unpriced.
    public var usd: Double? { hourly.map { CostDiff.cents(nodeHours * $0) } }

    /// `aws_autoscaling_group.servers: $8.05 once for the rollout's overlap (about 8 node-hours of
    /// g5.xlarge at $1.006/hour on demand)`, or `… not priced (…)` when the catalog has no price.
    public var line: String {
        let hours = "about \(Money.quantity(nodeHours, decimals: 1)) node-hours of \(instanceType)"
        guard let hourly, let usd else {
            return "\(address): rollout overlap not priced (\(hours); the price catalog has no on-demand price "
                + "for \(instanceType) in \(region))"
        }
        return "\(address): \(Money.usd(usd)) once for the rollout's overlap "
            + "(\(hours) at \(Money.usd(hourly, decimals: 3))/hour on demand)"
    }

    /// The JSON object: `{"address": …, "node_hours": 8, "instance_type": "g5.xlarge",
    /// "hourly_usd": 1.006, "one_off_usd": 8.05}` (the prices left out when unpriced).
    public var attributeValue: AttributeValue {
        var map: [String: AttributeValue] = [
            "address": .string(address.description), "node_hours": .number(nodeHours),
            "instance_type": .string(instanceType), "region": .string(region),
        ]
        if let hourly, let usd {
            map["hourly_usd"] = .number(hourly)
            map["one_off_usd"] = .number(usd)
        }
        return .map(map)
    }
}

extension CostEstimator {
    /// The one-off cost of each rollout in `plan` with an overlap, in the plan's order.
    public func oneOffCosts(_ plan: Plan) -> [OneOffCost] {
        plan.rollouts.compactMap { rollout in
            guard rollout.overlapNodeHours > 0 else { return nil }
            let group = rollout.record.declared.first { $0.address == rollout.record.group }
            let region = group?.provider.region ?? ""
            return OneOffCost(
                address: rollout.record.group, nodeHours: rollout.overlapNodeHours, instanceType: rollout.instanceType,
                region: region, hourly: catalog.onDemandPrice(type: rollout.instanceType, region: region)?.usd)
        }
    }
}
