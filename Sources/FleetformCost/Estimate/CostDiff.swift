import FleetformModel

/// One resource's cost before and after a plan.
public struct ResourceCostChange: Hashable, Sendable {
    public var address: ResourceAddress
    /// The planned action, when the diff comes from a plan.
    public var action: ChangeAction?
    /// The cost in the prior state; nil when the resource does not exist yet.
    public var before: ResourceCost?
    /// The cost after the change; nil when the resource is deleted.
    public var after: ResourceCost?

    /// USD per month before (0 when the resource does not exist yet).
    public var monthlyBefore: Double { before?.monthly ?? 0 }
    /// USD per month after (0 when the resource is deleted).
    public var monthlyAfter: Double { after?.monthly ?? 0 }
    /// After minus before.
    public var monthlyDelta: Double { monthlyAfter - monthlyBefore }
    /// The resource type.
    public var type: String { after?.type ?? before?.type ?? address.type }
}

/// What a plan does to the monthly bill: the cost before, after, and per resource.
public struct CostDiff: Hashable, Sendable {
    public var before: CostReport
    public var after: CostReport
    /// Every resource on either side, sorted by address.
    public var changes: [ResourceCostChange]
    /// Costs paid once, outside the monthly bill: the overlap of each pool rollout in the plan.
    public var oneOff: [OneOffCost] = []
    private var indexByAddress: [ResourceAddress: Int]

    public init(before: CostReport, after: CostReport, actions: [ResourceAddress: ChangeAction] = [:]) {
        self.before = before
        self.after = after
        // Build the changes in an array, then sort them in place.
        var built: [ResourceCostChange] = []
        built.reserveCapacity(max(before.resources.count, after.resources.count))
        var index: [ResourceAddress: Int] = [:]
        index.reserveCapacity(built.capacity)
        for r in before.resources {
            index[r.address] = built.count
            built.append(ResourceCostChange(address: r.address, action: actions[r.address], before: r, after: nil))
        }
        for r in after.resources {
            if let i = index[r.address] {
                built[i].after = r
            } else {
                index[r.address] = built.count
                built.append(ResourceCostChange(address: r.address, action: actions[r.address], before: nil, after: r))
            }
        }
        indexByAddress = built.sortByAddress(\.address)
        changes = built
    }

    /// USD per month before the plan.
    public var monthlyBefore: Double { before.monthlyTotal }
    /// USD per month after the plan.
    public var monthlyAfter: Double { after.monthlyTotal }
    /// After minus before.
    public var monthlyDelta: Double { monthlyAfter - monthlyBefore }

    /// The changes whose monthly cost moves by at least half a cent.
    public var changesWithCostDelta: [ResourceCostChange] {
        changes.filter { abs($0.monthlyDelta) >= 0.005 }
    }

    /// What a cost diff lists: changes that move the bill, and planned changes whose cost is not
    /// fully known (so a missing price is never hidden behind a zero delta).
    public var costRelevantChanges: [ResourceCostChange] {
        changes.filter { c in
            abs(c.monthlyDelta) >= 0.005
                || (c.action.map { $0 != .noOp } ?? true)
                    && [c.before, c.after].contains {
                        $0?.status.isMissingPrices == true || $0?.status.name == "needs-usage"
                    }
        }
    }

    /// How many planned changes (not no-ops) leave the bill as it is.
    public var changesWithoutCostImpact: Int {
        let relevant = Set(costRelevantChanges.map(\.address))
        return changes.filter { ($0.action.map { $0 != .noOp } ?? false) && !relevant.contains($0.address) }.count
    }

    /// The change at `address`, if any.
    public func change(_ address: ResourceAddress) -> ResourceCostChange? {
        indexByAddress[address].map { changes[$0] }
    }
}
