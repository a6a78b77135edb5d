/// How many NAT gateways a `Network` has.
///
/// ```swift
/// Network("core", cidr: "10.40.0.0/16", zones: 3).nat(.perZone)
/// ```
public enum NATGateways: String, Hashable, Sendable {
    /// One per zone, in that zone's public subnet: a zone's nodes keep their egress when another
    /// zone fails (the production default).
    case perZone
    /// One for the whole network, in the first zone (the default elsewhere).
    case single
    /// None: private subnets reach only the VPC's endpoints.
    case none
}

/// How a `Network`'s nodes reach AWS services and the internet.
///
/// ```swift
/// Network("sealed", cidr: "10.43.0.0/16").egress(.vpcEndpointsOnly)
/// ```
public enum Egress: String, Hashable, Sendable {
    /// Through NAT gateways (and the S3 gateway endpoint for S3).
    case nat
    /// No NAT and no internet: interface endpoints for ECR (API and Docker), STS and CloudWatch
    /// Logs, in the private subnets with private DNS, plus the S3 gateway endpoint.
    case vpcEndpointsOnly
}

extension Network {
    /// The interface endpoints a `.vpcEndpointsOnly` network gets, by address key and service.
    static let interfaceEndpoints: [(key: String, service: String)] = [
        ("ecr_api", "ecr.api"), ("ecr_dkr", "ecr.dkr"), ("sts", "sts"), ("logs", "logs"),
    ]

    /// The S3 gateway endpoint's address.
    public var s3EndpointAddress: ResourceAddress { site.address("aws_vpc_endpoint", name + "_s3") }
    /// The internet gateway's address (when the network has NAT gateways).
    public var internetGatewayAddress: ResourceAddress { site.address("aws_internet_gateway", name) }

    /// The NAT gateways' addresses, keyed by zone (one key, the first zone, for `.single`).
    public func natGatewayAddresses(in context: SynthesisContext) -> [ResourceAddress] {
        let zones = zones(in: context)
        switch resolvedNAT(in: context) {
        case .perZone: return zones.map { site.address("aws_nat_gateway", name, key: $0) }
        case .single: return zones.prefix(1).map { site.address("aws_nat_gateway", name, key: $0) }
        case .none: return []
        }
    }

    /// The private route tables' addresses, one per zone.
    public func privateRouteTableAddresses(in context: SynthesisContext) -> [ResourceAddress] {
        zones(in: context).map { site.address("aws_route_table", name + "_private", key: $0) }
    }

    /// Internet gateway, NAT gateways with their Elastic IPs, a route table per subnet with its
    /// association and default route, the S3 gateway endpoint on the private tables, and the
    /// interface endpoints of a `.vpcEndpointsOnly` network.
    func expandRouting(zones: [String], region: Region, in context: SynthesisContext) {
        let location = site.location
        let nat = resolvedNAT(in: context)
        let ref = { (address: ResourceAddress) in AttributeValue.reference(ResourceReference(address, "id")) }
        func emit(_ address: ResourceAddress, _ attributes: [String: AttributeValue], taggable: Bool = true) {
            context.emit(
                context.resource(
                    address, region: region, attributes: attributes, options: options, at: location, taggable: taggable)
            )
        }

        if nat != .none {
            emit(internetGatewayAddress, ["vpc_id": vpcID])
            for zone in zones {
                let table = site.address("aws_route_table", name + "_public", key: zone)
                emit(table, ["vpc_id": vpcID])
                emit(
                    site.address("aws_route_table_association", name + "_public", key: zone),
                    [
                        "subnet_id": ref(site.address("aws_subnet", name + "_public", key: zone)),
                        "route_table_id": ref(table),
                    ], taggable: false)
                emit(
                    site.address("aws_route", name + "_public_internet", key: zone),
                    [
                        "route_table_id": ref(table), "destination_cidr_block": "0.0.0.0/0",
                        "gateway_id": ref(internetGatewayAddress),
                    ], taggable: false)
            }
            let gatewayCount = Double(natGatewayAddresses(in: context).count)
            for gateway in natGatewayAddresses(in: context) {
                let zone = gateway.key ?? ""
                let ip = site.address("aws_eip", name + "_nat", key: zone)
                emit(ip, ["domain": "vpc"])
                var gatewayOptions = options
                // A NAT gateway needs the internet gateway attached before it can be created.
                gatewayOptions.dependsOn.append(internetGatewayAddress)
                context.emit(
                    context.resource(
                        gateway, region: region,
                        attributes: [
                            "allocation_id": ref(ip),
                            "subnet_id": ref(site.address("aws_subnet", name + "_public", key: zone)),
                        ], options: gatewayOptions, at: location,
                        usage: natProcessedGigabytesPerMonth.map { ["processed_gb_per_month": $0 / gatewayCount] }
                            ?? [:]))
            }
        }
        let gateways = natGatewayAddresses(in: context)
        let privateTables = privateRouteTableAddresses(in: context)
        for (index, zone) in zones.enumerated() {
            let table = privateTables[index]
            emit(table, ["vpc_id": vpcID])
            emit(
                site.address("aws_route_table_association", name + "_private", key: zone),
                ["subnet_id": ref(site.address("aws_subnet", name, key: zone)), "route_table_id": ref(table)],
                taggable: false)
            if !gateways.isEmpty {
                let gateway = gateways.first { $0.key == zone } ?? gateways[0]
                emit(
                    site.address("aws_route", name + "_private_nat", key: zone),
                    [
                        "route_table_id": ref(table), "destination_cidr_block": "0.0.0.0/0",
                        "nat_gateway_id": ref(gateway),
                    ],
                    taggable: false)
            }
        }
        emit(
            s3EndpointAddress,
            [
                "vpc_id": vpcID, "service_name": .string("com.amazonaws.\(region.code).s3"),
                "vpc_endpoint_type": "Gateway", "route_table_ids": .list(privateTables.map(ref)),
            ])
        guard egressChoice == .vpcEndpointsOnly else { return }
        let subnets = zones.map { ref(site.address("aws_subnet", name, key: $0)) }
        for endpoint in Self.interfaceEndpoints {
            emit(
                site.address("aws_vpc_endpoint", name + "_" + endpoint.key),
                [
                    "vpc_id": vpcID, "service_name": .string("com.amazonaws.\(region.code).\(endpoint.service)"),
                    "vpc_endpoint_type": "Interface", "subnet_ids": .list(subnets),
                    "security_group_ids": [securityGroupID], "private_dns_enabled": true,
                ])
        }
    }
}
