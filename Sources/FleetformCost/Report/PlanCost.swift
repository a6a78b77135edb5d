import FleetformModel

/// The `cost` object a JSON plan carries per resource change (Terraform consumers ignore it):
/// `{"monthly_before": 0, "monthly_after": 143524.59, "monthly_delta": 143524.59}`, in USD, to the cent.
public struct PlanCostObject: Codable, Hashable, Sendable {
    public var monthlyBefore: Double
    public var monthlyAfter: Double
    public var monthlyDelta: Double
    /// Why a side is not fully priced (`partial`, `unpriced`, `needs-usage`), when that is the case.
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case monthlyBefore = "monthly_before", monthlyAfter = "monthly_after", monthlyDelta = "monthly_delta", note
    }

    /// The same object as an `AttributeValue` map, for plan JSON built from `AttributeValue`s
    /// (as `PlanJSONRenderer` builds it): `{"monthly_before": …, "monthly_after": …, "monthly_delta": …}`.
    public var attributeValue: AttributeValue {
        var map: [String: AttributeValue] = [
            "monthly_before": .number(monthlyBefore), "monthly_after": .number(monthlyAfter),
            "monthly_delta": .number(monthlyDelta),
        ]
        if let note { map["note"] = .string(note) }
        return .map(map)
    }
}

extension CostDiff {
    /// The line `plan` prints after its summary:
    /// `Monthly cost: $41,230 → $52,980 (+$11,750, +28.5%)` (whole dollars), or
    /// `Monthly cost: $41,230 (no change)`.
    public var costLine: String {
        let before = Money.usd(monthlyBefore, decimals: 0)
        let after = Money.usd(monthlyAfter, decimals: 0)
        if Money.plain(monthlyDelta, decimals: 2) == "0.00" { return "Monthly cost: \(after) (no change)" }
        var change = Money.signedUSD(monthlyDelta, decimals: 0)
        if let percent = Money.percent(monthlyDelta, of: monthlyBefore) { change += ", " + percent }
        return "Monthly cost: \(before) → \(after) (\(change))"
    }

    /// One line per one-off cost (a rollout's overlap), to print under the cost line:
    /// `aws_autoscaling_group.servers: $8.05 once for the rollout's overlap (…)`.
    public var oneOffLines: [String] { oneOff.map(\.line) }

    /// Lines to print under the cost line when changed resources are not fully priced
    /// (`aws_nat_gateway.egress: not priced — Fleetform has no price model for aws_nat_gateway`).
    public var costWarnings: [String] {
        changes.compactMap { change -> String? in
            guard change.action.map({ $0 != .noOp }) ?? true else { return nil }
            guard let side = change.after ?? change.before, side.status.isMissingPrices else { return nil }
            return "\(change.address): \(side.status.name) — \(side.status.note ?? "")"
        }
    }

    /// The `cost` object for the change at `address`; nil when the plan has no such resource.
    public func costObject(for address: ResourceAddress) -> PlanCostObject? {
        guard let change = change(address) else { return nil }
        let notes = [change.before, change.after].compactMap { side -> String? in
            guard let side, case let status = side.status, status.isMissingPrices || status.name == "needs-usage"
            else { return nil }
            return "\(status.name): \(status.note ?? "")"
        }
        return PlanCostObject(
            monthlyBefore: Self.cents(change.monthlyBefore), monthlyAfter: Self.cents(change.monthlyAfter),
            monthlyDelta: Self.cents(Self.cents(change.monthlyAfter) - Self.cents(change.monthlyBefore)),
            note: notes.isEmpty ? nil : Array(Set(notes)).sorted().joined(separator: "; "))
    }

    /// Every change's `cost` object as an `AttributeValue`, by address (to add to each entry of
    /// a JSON plan's `resource_changes`).
    public var costAttributeValues: [ResourceAddress: AttributeValue] { costObjects.mapValues(\.attributeValue) }

    /// Each rollout's one-off cost as the `overlap_cost` object of a JSON plan's `rollouts`, by
    /// the pool's group: `{"node_hours": 8, "hourly_usd": 1.006, "one_off_usd": 8.05, …}`.
    public var oneOffAttributeValues: [ResourceAddress: AttributeValue] {
        Dictionary(oneOff.map { ($0.address, $0.attributeValue) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every change's `cost` object, by address.
    public var costObjects: [ResourceAddress: PlanCostObject] {
        Dictionary(uniqueKeysWithValues: changes.compactMap { c in costObject(for: c.address).map { (c.address, $0) } })
    }

    /// Rounded to the cent (for stored amounts that must add up as printed).
    static func cents(_ amount: Double) -> Double { (amount * 100).rounded() / 100 }
}
