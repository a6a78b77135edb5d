import FleetformModel

/// Buckets and replication, priced from usage hints (`stored_tb`, `stored_tb_<class>`,
/// `monthly_requests`, `monthly_put_requests`, `replicated_tb_per_month`, `data_age_days`).
/// A terabyte is 1,024 GB, as AWS bills.
extension CostEstimator {
    static let gigabytesPerTerabyte = 1024.0

    /// A bucket: terabytes per storage class, then requests.
    ///
    /// The split among classes, in order of precedence: explicit `stored_tb_<class>` hints (with any
    /// rest of `stored_tb` as STANDARD); else, when a lifecycle configuration transitions objects,
    /// data is assumed to age uniformly over `data_age_days` (default: the rule's expiration, else
    /// 365 days), so the share older than each transition age is priced in that class; else STANDARD.
    /// A replica bucket without its own `stored_tb` is priced on its replication configuration.
    func bucket(_ input: CostInput, lookup: ResourceLookup, _ cost: ResourceCost) -> ResourceCost {
        var cost = cost
        if !hasStorageUsage(input.usage), let config = lookup.replicationByDestination[input.address]?.first {
            cost.status = .pricedElsewhere("replica storage is priced on \(config.address)")
            return cost
        }
        var missing: [String] = []
        let split = storageSplit(input, lookup: lookup, assumptions: &cost.assumptions)
        for (storageClass, terabytes) in split where terabytes > 0 {
            guard let price = catalog.price(.s3Storage(storageClass), region: input.region) else {
                missing.append("the price catalog has no S3 \(storageClass.rawValue) price for \(input.region)")
                continue
            }
            cost.components.append(
                CostComponent(
                    name: "S3 \(storageClass.rawValue) storage",
                    detail: "\(AttributeValue.format(terabytes.roundedTo(3))) TB",
                    monthlyQuantity: terabytes * Self.gigabytesPerTerabyte, unit: "GB-month", price: price))
        }
        for (key, kind) in [("monthly_requests", S3RequestKind.get), ("monthly_put_requests", .put)] {
            guard let count = input.usage[key], count > 0 else { continue }
            guard let price = catalog.price(.s3Requests(kind), region: input.region) else {
                missing.append("the price catalog has no S3 \(kind.rawValue) request price for \(input.region)")
                continue
            }
            cost.components.append(
                CostComponent(
                    name: "S3 \(kind.rawValue) requests", detail: Money.quantity(count) + " a month",
                    monthlyQuantity: count / 1000, unit: "thousand requests", price: price))
        }
        if input.usage["monthly_requests"] != nil {
            cost.assumptions.append("monthly_requests priced as GET requests; declare monthly_put_requests for writes")
        }
        if cost.components.isEmpty && missing.isEmpty {
            cost.status = .needsUsage("no usage hints: declare stored terabytes (usage stored_tb) to price storage")
        } else {
            cost.status = Self.status(components: cost.components, missing: missing)
        }
        return cost
    }

    /// A replication configuration: transfer of `replicated_tb_per_month` (on it, else on its source
    /// bucket) to the destination region, plus the replica's storage when the replica bucket
    /// declares no `stored_tb` of its own (then it holds what the source holds).
    func replication(_ input: CostInput, lookup: ResourceLookup, _ cost: ResourceCost) -> ResourceCost {
        var cost = cost
        var missing: [String] = []
        let source = lookup.resolve(input.attributes["bucket"])
        let sourceRegion = source?.region ?? input.region
        let destinations = lookup.replicationDestinations(of: input)
        let crossRegion = destinations.contains { $0.region != sourceRegion }
        if let terabytes = input.usage["replicated_tb_per_month"] ?? source?.usage["replicated_tb_per_month"] {
            if crossRegion || destinations.isEmpty {
                if destinations.isEmpty {
                    cost.assumptions.append("destination bucket not found: assumed in another region")
                }
                if let price = catalog.price(.s3InterRegionTransfer, region: sourceRegion) {
                    cost.components.append(
                        CostComponent(
                            name: "S3 replication transfer",
                            detail: "\(AttributeValue.format(terabytes)) TB a month from \(sourceRegion)",
                            monthlyQuantity: terabytes * Self.gigabytesPerTerabyte, unit: "GB", price: price))
                } else {
                    missing.append("the price catalog has no inter-region transfer price from \(sourceRegion)")
                }
            }
        } else {
            cost.assumptions.append("no replicated_tb_per_month usage hint: replication transfer not priced")
        }
        for replica in destinations where !hasStorageUsage(replica.usage) {
            var sourceAssumptions: [String] = []  // already printed on the source bucket
            let terabytes =
                source.map { storageSplit($0, lookup: lookup, assumptions: &sourceAssumptions) }?
                .reduce(0) { $0 + $1.1 } ?? 0
            guard terabytes > 0 else { continue }
            let className = input.attributes["rule"].listOrSingle.first?.path("destination", "storage_class")?
                .stringValue
            let storageClass = className.flatMap(S3StorageClass.init(rawValue:)) ?? .standard
            cost.assumptions.append(
                "\(replica.address) holds the source's \(AttributeValue.format(terabytes.roundedTo(3))) TB as "
                    + "\(storageClass.rawValue) in \(replica.region)")
            guard let price = catalog.price(.s3Storage(storageClass), region: replica.region) else {
                missing.append("the price catalog has no S3 \(storageClass.rawValue) price for \(replica.region)")
                continue
            }
            cost.components.append(
                CostComponent(
                    name: "S3 \(storageClass.rawValue) replica storage", detail: replica.region,
                    monthlyQuantity: terabytes * Self.gigabytesPerTerabyte, unit: "GB-month", price: price))
        }
        if cost.components.isEmpty && missing.isEmpty {
            cost.status = .needsUsage("no usage hints: declare replicated_tb_per_month and the source's stored_tb")
        } else {
            cost.status = Self.status(components: cost.components, missing: missing)
        }
        return cost
    }

    private func hasStorageUsage(_ usage: [String: Double]) -> Bool {
        usage["stored_tb"] != nil || S3StorageClass.allCases.contains { usage[$0.usageKey] != nil }
    }

    /// Terabytes per class for a bucket, in class order, with the assumption that produced them.
    func storageSplit(
        _ input: CostInput, lookup: ResourceLookup, assumptions: inout [String]
    ) -> [(S3StorageClass, Double)] {
        let total = input.usage["stored_tb"]
        let explicit = S3StorageClass.allCases.compactMap { c in input.usage[c.usageKey].map { (c, $0) } }
        if !explicit.isEmpty {
            var split = explicit
            let declared = explicit.reduce(0) { $0 + $1.1 }
            if let total, total > declared {
                split.append((.standard, total - declared))
                assumptions.append("stored_tb beyond the per-class hints priced as STANDARD")
            }
            return Dictionary(split, uniquingKeysWith: +).sorted { $0.key < $1.key }
        }
        guard let total, total > 0 else { return [] }
        let (transitions, expiration) = lifecycleTransitions(input, lookup: lookup)
        guard !transitions.isEmpty else { return [(.standard, total)] }
        let horizon = input.usage["data_age_days"] ?? expiration ?? 365
        var split: [S3StorageClass: Double] = [:]
        var start = 0.0
        var current = S3StorageClass.standard
        for (days, storageClass) in transitions + [(horizon, current)] {
            let end = min(days, horizon)
            if end > start { split[current, default: 0] += total * (end - start) / horizon }
            start = max(start, end)
            current = storageClass
        }
        let shares = split.sorted { $0.key < $1.key }
            .map { "\(($0.value / total * 100).roundedTo(1))% \($0.key.rawValue)" }.joined(separator: ", ")
        assumptions.append(
            "lifecycle split of \(AttributeValue.format(total)) TB: \(shares) (assumes data ages uniformly over "
                + "\(AttributeValue.format(horizon)) days; set usage data_age_days or stored_tb_<class> to change)")
        return split.sorted { $0.key < $1.key }
    }

    /// Enabled transitions of the bucket's lifecycle rules, sorted by age, and the shortest expiration.
    private func lifecycleTransitions(
        _ input: CostInput, lookup: ResourceLookup
    ) -> ([(Double, S3StorageClass)], Double?) {
        var transitions: [(Double, S3StorageClass)] = []
        var expiration: Double?
        for config in lookup.lifecycleByBucket[input.address] ?? [] {
            for rule in config.attributes["rule"].listOrSingle {
                guard let r = rule.mapValue, (r["status"]?.stringValue ?? "Enabled") == "Enabled" else { continue }
                for t in r["transition"].listOrSingle {
                    guard let days = t.mapValue?["days"]?.numeric,
                        let storageClass = t.mapValue?["storage_class"]?.stringValue.flatMap(
                            S3StorageClass.init(rawValue:))
                    else { continue }
                    transitions.append((days, storageClass))
                }
                if let days = r["expiration"].listOrSingle.first?.mapValue?["days"]?.numeric {
                    expiration = min(expiration ?? days, days)
                }
            }
        }
        return (transitions.sorted { $0.0 < $1.0 }, expiration)
    }
}

extension Double {
    /// Rounded to `places` decimal places (for labels only, never for totals).
    func roundedTo(_ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
