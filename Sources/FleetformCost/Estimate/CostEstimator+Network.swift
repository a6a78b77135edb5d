import FleetformModel

/// The platform around the nodes: NAT gateways (hours, and data processed from the
/// `processed_gb_per_month` hint), Elastic IPs (public IPv4 hours), interface endpoints (per zone
/// and hour; gateway endpoints are free), FSx for Lustre (provisioned GB by deployment type), EFS
/// (stored GB from the `stored_gb` hint), ECR
/// (stored GB from the `stored_gb` hint) and Application Load Balancers (hours, and LCU-hours from
/// the `lcu_per_hour` hint).
extension CostEstimator {
    func natGateway(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        var components: [CostComponent] = []
        var missing: [String] = []
        var assumptions: [String] = []
        if let hour = catalog.price(.natGatewayHour, region: input.region) {
            components.append(
                CostComponent(name: "NAT gateway", monthlyQuantity: hoursPerMonth, unit: "hours", price: hour))
        } else {
            missing.append("the price catalog has no NAT gateway price for \(input.region)")
        }
        if let gigabytes = input.usage["processed_gb_per_month"] {
            if let processed = catalog.price(.natGatewayProcessed, region: input.region) {
                components.append(
                    CostComponent(
                        name: "NAT data processed", detail: "\(AttributeValue.format(gigabytes)) GB a month",
                        monthlyQuantity: gigabytes, unit: "GB", price: processed))
            } else {
                missing.append("the price catalog has no NAT data processing price for \(input.region)")
            }
        } else {
            assumptions.append(
                "data processed not priced: declare .usage(natProcessedGigabytesPerMonth:) on the Network "
                    + "(S3 traffic uses the free gateway endpoint)")
        }
        return finished(cost, components, missing: missing, assumptions: assumptions)
    }

    func publicAddress(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        guard let price = catalog.price(.publicIPv4Hour, region: input.region) else {
            return finished(cost, [], missing: ["the price catalog has no public IPv4 price for \(input.region)"])
        }
        return finished(
            cost,
            [CostComponent(name: "public IPv4 address", monthlyQuantity: hoursPerMonth, unit: "hours", price: price)])
    }

    func vpcEndpoint(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        var cost = cost
        guard input.attributes["vpc_endpoint_type"]?.stringValue == "Interface" else {
            cost.status = .free("gateway endpoints are free")
            return cost
        }
        guard let price = catalog.price(.interfaceEndpointHour, region: input.region) else {
            return finished(
                cost, [], missing: ["the price catalog has no interface endpoint price for \(input.region)"])
        }
        let zones = max(1, input.attributes["subnet_ids"]?.listValue?.count ?? 1)
        return finished(
            cost,
            [
                CostComponent(
                    name: "interface endpoint", detail: "\(zones) zone\(zones == 1 ? "" : "s")",
                    monthlyQuantity: hoursPerMonth * Double(zones), unit: "hours", price: price)
            ], assumptions: ["data processed through the endpoint is not priced"])
    }

    func lustre(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        let capacity = input.attributes["storage_capacity"]?.numberValue ?? 0
        let deployment = input.attributes["deployment_type"]?.stringValue ?? "SCRATCH_2"
        var variant = deployment
        if deployment == "PERSISTENT_1" {
            variant += "-" + AttributeValue.format(input.attributes["per_unit_storage_throughput"]?.numberValue ?? 50)
        }
        guard capacity > 0, let price = catalog.price(.fsxLustreStorage(variant), region: input.region) else {
            return finished(
                cost, [], missing: ["the price catalog has no FSx for Lustre \(variant) price for \(input.region)"])
        }
        return finished(
            cost,
            [
                CostComponent(
                    name: "FSx for Lustre storage", detail: "\(AttributeValue.format(capacity)) GiB \(variant)",
                    monthlyQuantity: capacity, unit: "GB-month", price: price)
            ])
    }

    func elasticFileSystem(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        var cost = cost
        guard let gigabytes = input.usage["stored_gb"] else {
            cost.status = .needsUsage(
                "no usage hints: declare .usage(storedGigabytes:) on the FileSystem to price storage")
            return cost
        }
        guard let price = catalog.price(.efsStorage, region: input.region) else {
            return finished(cost, [], missing: ["the price catalog has no EFS storage price for \(input.region)"])
        }
        return finished(
            cost,
            [
                CostComponent(
                    name: "EFS Standard storage", detail: "\(AttributeValue.format(gigabytes)) GB",
                    monthlyQuantity: gigabytes, unit: "GB-month", price: price)
            ], assumptions: ["elastic throughput (GB read and written) is not priced"])
    }

    func registry(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        var cost = cost
        guard let gigabytes = input.usage["stored_gb"] else {
            cost.status = .needsUsage(
                "no usage hints: declare .usage(storedGigabytes:) on the Registry to price storage")
            return cost
        }
        guard let price = catalog.price(.ecrStorage, region: input.region) else {
            return finished(cost, [], missing: ["the price catalog has no ECR storage price for \(input.region)"])
        }
        return finished(
            cost,
            [
                CostComponent(
                    name: "ECR storage", detail: "\(AttributeValue.format(gigabytes)) GB", monthlyQuantity: gigabytes,
                    unit: "GB-month", price: price)
            ])
    }

    func loadBalancer(_ input: CostInput, _ cost: ResourceCost) -> ResourceCost {
        guard let hour = catalog.price(.albHour, region: input.region) else {
            return finished(cost, [], missing: ["the price catalog has no load balancer price for \(input.region)"])
        }
        var components = [
            CostComponent(name: "load balancer", monthlyQuantity: hoursPerMonth, unit: "hours", price: hour)
        ]
        var assumptions: [String] = []
        if let units = input.usage["lcu_per_hour"],
            let price = catalog.price(.albCapacityUnitHour, region: input.region)
        {
            components.append(
                CostComponent(
                    name: "load balancer capacity units", detail: "\(AttributeValue.format(units)) LCU on average",
                    monthlyQuantity: units * hoursPerMonth, unit: "LCU-hours", price: price))
        } else {
            assumptions.append(
                "capacity units not priced: declare .usage(capacityUnitsPerHour:) on the InferenceEndpoint")
        }
        return finished(cost, components, assumptions: assumptions)
    }

    func finished(
        _ cost: ResourceCost, _ components: [CostComponent], missing: [String] = [], assumptions: [String] = []
    ) -> ResourceCost {
        var cost = cost
        cost.components = components
        cost.assumptions += assumptions
        cost.status = Self.status(components: components, missing: missing)
        return cost
    }
}
