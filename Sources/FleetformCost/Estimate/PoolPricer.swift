import FleetformModel

/// Prices a `PoolSpec`: on-demand and spot instances, their EBS volumes, and the pool's GPU
/// economics (GPU-hours, $/GPU-hour, the same pool all on-demand and all spot).
struct PoolPricer: Sendable {
    var catalog: PriceCatalog
    var instances: InstanceCatalog
    var hoursPerMonth: Double

    /// The priced parts of a pool, the reasons some part has no price, and its economics.
    struct Result: Sendable {
        var components: [CostComponent] = []
        var missing: [String] = []
        var economics: PoolEconomics?
    }

    /// Instances placed for some capacity units, or why they could not be.
    private struct Placement {
        var components: [CostComponent] = []
        var instancesByType: [String: Int] = [:]
        var spotPools: [SpotPoolChoice] = []
        var missing: String?

        var instanceCount: Int { instancesByType.values.reduce(0, +) }
        var monthly: Double { components.reduce(0) { $0 + $1.monthly } }
    }

    func price(_ spec: PoolSpec) -> Result {
        var result = Result()
        let onDemand = placeOnDemand(spec, units: spec.onDemandUnits)
        let spot = placeSpot(spec, units: spec.spotUnits)
        for placement in [onDemand, spot] {
            result.components += placement.components
            if let m = placement.missing { result.missing.append(m) }
        }
        var instancesByType = onDemand.instancesByType
        instancesByType.merge(spot.instancesByType, uniquingKeysWith: +)
        let instanceCount = onDemand.instanceCount + spot.instanceCount
        let (volume, volumeMissing) = volumeComponent(spec, instances: instanceCount)
        if let volume { result.components.append(volume) }
        if let volumeMissing { result.missing.append(volumeMissing) }

        let gpusPerHour = instancesByType.reduce(0.0) { sum, entry in
            sum + Double(entry.value * (instances.type(named: entry.key)?.acceleratorCount ?? 0))
        }
        let gpuHours = gpusPerHour * hoursPerMonth
        let monthly = result.components.reduce(0) { $0 + $1.monthly }
        let totalUnits = spec.onDemandUnits + spec.spotUnits
        result.economics = PoolEconomics(
            onDemandInstances: onDemand.instanceCount, spotInstances: spot.instanceCount,
            gpuHoursPerMonth: gpuHours,
            usdPerGPUHour: gpuHours > 0 && result.missing.isEmpty ? monthly / gpuHours : nil,
            allOnDemandMonthly: alternative(placeOnDemand(spec, units: totalUnits), spec),
            allSpotMonthly: alternative(placeSpot(spec, units: totalUnits), spec),
            allocationRule: spec.spot.ruleDescription, spotPools: spot.spotPools)
        return result
    }

    /// The monthly cost of an alternative placement plus its volumes; nil when not fully priced.
    private func alternative(_ placement: Placement, _ spec: PoolSpec) -> Double? {
        guard placement.missing == nil else { return nil }
        let (volume, missing) = volumeComponent(spec, instances: placement.instanceCount)
        guard missing == nil else { return nil }
        return placement.monthly + (volume?.monthly ?? 0)
    }

    private func candidateZones(_ offer: InstanceOffer, _ spec: PoolSpec) -> [String] {
        guard let zones = spec.zones else { return offer.zones }
        return offer.zones.filter { zones.contains($0) }
    }

    private func placeOnDemand(_ spec: PoolSpec, units: Double) -> Placement {
        var placement = Placement()
        guard units > 0 else { return placement }
        var reasons: [String] = []
        var priced: [(type: PoolSpec.WeightedType, price: Price)] = []
        for t in spec.types {
            guard let offer = catalog.offer(type: t.name, region: spec.region), !candidateZones(offer, spec).isEmpty
            else {
                reasons.append("\(t.name) is not offered in \(spec.region)\(zoneSuffix(spec)) in the price catalog")
                continue
            }
            guard let price = catalog.onDemandPrice(type: t.name, region: spec.region) else {
                reasons.append("the price catalog has no on-demand price for \(t.name) in \(spec.region)")
                continue
            }
            priced.append((t, price))
        }
        let chosen: (type: PoolSpec.WeightedType, price: Price)?
        switch spec.onDemandStrategy {
        case .prioritized: chosen = priced.first
        case .lowestPrice: chosen = priced.min { $0.price.usd / $0.type.weight < $1.price.usd / $1.type.weight }
        }
        guard let chosen else {
            placement.missing =
                "on-demand share (\(AttributeValue.format(units)) units): " + reasons.joined(separator: "; ")
            return placement
        }
        let count = Int((units / chosen.type.weight - 1e-9).rounded(.up))
        placement.instancesByType[chosen.type.name] = count
        placement.components.append(
            CostComponent(
                name: "\(count) × \(chosen.type.name) on-demand", monthlyQuantity: Double(count) * hoursPerMonth,
                unit: "hours", price: chosen.price, purchaseOption: .onDemand))
        return placement
    }

    private func placeSpot(_ spec: PoolSpec, units: Double) -> Placement {
        var placement = Placement()
        guard units > 0 else { return placement }
        var candidates: [SpotPoolCandidate] = []
        for t in spec.types {
            guard let offer = catalog.offer(type: t.name, region: spec.region) else { continue }
            let interruption = catalog.interruption(type: t.name, region: spec.region)
            for zone in candidateZones(offer, spec) {
                guard let hourly = offer.spotHourly[zone] else { continue }
                candidates.append(
                    SpotPoolCandidate(
                        instanceType: t.name, zone: zone, weight: t.weight, hourly: hourly,
                        interruptionBucket: interruption?.bucket, interruptionLabel: interruption?.label))
            }
        }
        let pools = spec.spot.choosePools(from: candidates)
        guard !pools.isEmpty else {
            let types = spec.types.map(\.name).joined(separator: ", ")
            placement.missing =
                "spot share (\(AttributeValue.format(units)) units): the price catalog quotes no spot "
                + "price for \(types) in \(spec.region)\(zoneSuffix(spec))"
            return placement
        }
        for (pool, count) in SpotAllocation.place(units: units, on: pools) {
            placement.instancesByType[pool.instanceType, default: 0] += count
            placement.spotPools.append(
                SpotPoolChoice(
                    instanceType: pool.instanceType, zone: pool.zone, hourly: pool.hourly, instances: count,
                    interruption: pool.interruptionLabel))
            placement.components.append(
                CostComponent(
                    name: "\(count) × \(pool.instanceType) spot", detail: pool.zone,
                    monthlyQuantity: Double(count) * hoursPerMonth, unit: "hours",
                    price: Price(
                        usd: pool.hourly, unit: "hour",
                        source: catalog.spotSource(type: pool.instanceType, region: spec.region)),
                    purchaseOption: .spot))
        }
        return placement
    }

    private func volumeComponent(_ spec: PoolSpec, instances: Int) -> (CostComponent?, String?) {
        guard let gb = spec.volumeGB, gb > 0, instances > 0 else { return (nil, nil) }
        guard let price = catalog.price(.ebsGP3Storage, region: spec.region) else {
            return (nil, "the price catalog has no EBS gp3 price for \(spec.region)")
        }
        return (
            CostComponent(
                name: "EBS gp3 volumes", detail: "\(instances) × \(AttributeValue.format(gb)) GB",
                monthlyQuantity: Double(instances) * gb, unit: "GB-month", price: price), nil
        )
    }

    private func zoneSuffix(_ spec: PoolSpec) -> String {
        guard let zones = spec.zones else { return "" }
        return " (zones " + zones.sorted().joined(separator: ", ") + ")"
    }
}
