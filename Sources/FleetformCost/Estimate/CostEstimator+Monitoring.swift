import FleetformModel

/// CloudWatch: a standard-resolution alarm costs per metric it evaluates (one, or each metric a
/// metric-math alarm reads; expressions are free), a dashboard per month. A customer-managed KMS
/// key costs per month. VPC flow logs delivered to S3 cost per GB (vended logs). Prices from the
/// catalog (`aws-cloudwatch-pricing`, `aws-kms-pricing`).
extension CostEstimator {
    func metricAlarm(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        guard let price = catalog.price(.cloudWatchAlarmMetric, region: input.region) else {
            return finished(cost, [], missing: ["the price catalog has no CloudWatch alarm price for \(input.region)"])
        }
        let queries = input.attributes["metric_query"]?.listValue ?? []
        let metrics = queries.isEmpty ? 1 : queries.filter { $0.mapValue?["metric"] != nil }.count
        return finished(
            cost,
            [
                CostComponent(
                    name: "alarm metrics", detail: metrics == 1 ? "1 metric" : "\(metrics) metrics (metric math)",
                    monthlyQuantity: Double(metrics), unit: "metric-months", price: price)
            ])
    }

    func dashboard(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        guard let price = catalog.price(.cloudWatchDashboard, region: input.region) else {
            return finished(
                cost, [], missing: ["the price catalog has no CloudWatch dashboard price for \(input.region)"])
        }
        return finished(
            cost, [CostComponent(name: "dashboard", monthlyQuantity: 1, unit: "months", price: price)],
            assumptions: ["an account's first 3 dashboards are free; priced as if this one is not"])
    }

    /// VPC flow logs delivered to S3 are CloudWatch vended logs: priced per GB delivered (the
    /// logs' storage is the log bucket's). Without a usage hint the figure is usage-dependent.
    func flowLog(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        var cost = cost
        guard let gigabytes = input.usage["delivered_gb_per_month"] else {
            cost.status = .needsUsage(
                "no usage hints: declare .usage(flowLogGigabytesPerMonth:) on the Network to price flow log delivery")
            return cost
        }
        guard let price = catalog.price(.vendedLogsToS3, region: input.region) else {
            return finished(
                cost, [], missing: ["the price catalog has no vended-logs delivery price for \(input.region)"])
        }
        return finished(
            cost,
            [
                CostComponent(
                    name: "flow log delivery to S3", detail: "\(AttributeValue.format(gigabytes)) GB",
                    monthlyQuantity: gigabytes, unit: "GB", price: price)
            ],
            assumptions: [
                "priced at the first tier (an account's first 10 TB a month); the logs are stored in the log bucket"
            ])
    }

    func kmsKey(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        guard let price = catalog.price(.kmsKey, region: input.region) else {
            return finished(cost, [], missing: ["the price catalog has no KMS key price for \(input.region)"])
        }
        var assumptions = ["API requests are not priced (the first 20,000 a month are free)"]
        if input.attributes["enable_key_rotation"]?.boolValue == true {
            assumptions.append(
                "automatic rotation adds the key's price again for each of its first two rotations (one a year)")
        }
        return finished(
            cost, [CostComponent(name: "customer-managed key", monthlyQuantity: 1, unit: "months", price: price)],
            assumptions: assumptions)
    }
}
