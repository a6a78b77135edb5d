/// A routable VPC: per availability zone a private subnet (where nodes run) and a public one, an
/// internet gateway, NAT gateways, route tables with their associations, an S3 gateway endpoint
/// (training data never crosses a NAT), and a security group for the nodes.
///
/// ```swift
/// let net = Network("core", cidr: "10.40.0.0/16", zones: 3)              // NAT per zone in production, else one
/// let lab = Network("lab", cidr: "10.42.0.0/16", zones: 2).nat(.single)
/// let sealed = Network("sealed", cidr: "10.43.0.0/16").egress(.vpcEndpointsOnly)   // no NAT: ECR, STS, Logs endpoints
/// let edge = Network("edge", cidr: "10.41.0.0/16", subnets: ["10.41.0.0/20", "10.41.16.0/20"],
///                    publicSubnets: ["10.41.128.0/20", "10.41.144.0/20"])
/// ```
/// Private subnets are carved from the VPC block (`cidrsubnet(cidr, 4, i)`), public ones after
/// them (`cidrsubnet(cidr, 4, zones + i)`), unless given explicitly. Every private subnet has its
/// own route table: a default route through its zone's NAT gateway (or the one NAT gateway), and
/// the S3 endpoint's route. Nodes in the group may talk to each other on every port (NCCL, EFA).
public struct Network: ConfigurableConstruct, Hashable {
    /// The construct's name: the `NAME` of its resources' addresses.
    public let name: String
    /// The VPC's IPv4 block, `"10.40.0.0/16"`.
    public let cidr: String
    /// How many availability zones (one subnet each) when subnets are not explicit.
    public let zoneCount: Int
    /// Explicit subnet blocks, one per zone in order.
    public let explicitSubnets: [String]
    /// The network's region (`.region(…)`); the stack's primary region by default.
    public var region: RegionChoice = .primary
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    /// Blocks allowed into the node security group on every port besides the group itself (`.allowIngress(from:)`).
    public var ingressCIDRs: [String] = []
    /// Explicit public subnet blocks, one per zone in order (carved when empty).
    public var explicitPublicSubnets: [String] = []
    /// NAT gateways; nil: one per zone in production, one for the network elsewhere.
    public var natChoice: NATGateways?
    /// How nodes reach AWS services and the internet.
    public var egressChoice: Egress = .nat
    /// Usage hint for cost: gigabytes a month through the NAT gateways (S3 traffic is not: it
    /// takes the gateway endpoint).
    public var natProcessedGigabytesPerMonth: Double?
    /// Egress to anywhere on any port (a relaxation); by default nodes reach out on HTTPS only.
    public var allowsAllEgress = false
    /// Flow logs of the VPC's traffic into the stack's log bucket (on by default).
    public var flowLogs = true
    /// Usage hint for cost: gigabytes of flow logs delivered to the log bucket a month.
    public var flowLogGigabytesPerMonth: Double?
    let site: DeclarationSite

    /// A network with `zones` subnets carved from `cidr`.
    public init(_ name: String, cidr: String, zones: Int = 3, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.cidr = cidr
        self.zoneCount = zones
        self.explicitSubnets = []
        self.site = DeclarationSite(file: file, line: line)
    }

    /// A network with explicit private subnet blocks, one per availability zone, and optionally
    /// the public subnets (NAT gateways and internet-facing load balancers live there).
    public init(
        _ name: String, cidr: String, subnets: [String], publicSubnets: [String] = [], file: String = #filePath,
        line: Int = #line
    ) {
        self.name = name
        self.cidr = cidr
        self.zoneCount = subnets.count
        self.explicitSubnets = subnets
        self.explicitPublicSubnets = publicSubnets
        self.site = DeclarationSite(file: file, line: line)
    }

    /// NAT gateways for the private subnets: `.perZone` (a zone keeps its egress when another
    /// fails), `.single` (one, cheaper), `.none` (private subnets reach only the VPC endpoints):
    /// `Network("lab", cidr: "10.42.0.0/16").nat(.single)`.
    public func nat(_ choice: NATGateways) -> Network {
        var copy = self
        copy.natChoice = choice
        return copy
    }

    /// Usage hints for cost: gigabytes a month the NAT gateways process (split evenly among them)
    /// and gigabytes of flow logs delivered to the log bucket (priced as CloudWatch vended logs):
    /// `.usage(natProcessedGigabytesPerMonth: 500, flowLogGigabytesPerMonth: 20)`. A hint left
    /// out keeps what an earlier `.usage` said.
    public func usage(natProcessedGigabytesPerMonth: Double? = nil, flowLogGigabytesPerMonth: Double? = nil)
        -> Network
    {
        var copy = self
        if let natProcessedGigabytesPerMonth { copy.natProcessedGigabytesPerMonth = natProcessedGigabytesPerMonth }
        if let flowLogGigabytesPerMonth { copy.flowLogGigabytesPerMonth = flowLogGigabytesPerMonth }
        return copy
    }

    /// How nodes reach AWS: `.nat` (through NAT gateways, the default) or `.vpcEndpointsOnly`
    /// (no NAT, no internet: interface endpoints for ECR, STS and CloudWatch Logs, plus S3):
    /// `Network("sealed", cidr: "10.43.0.0/16").egress(.vpcEndpointsOnly)`.
    public func egress(_ choice: Egress) -> Network {
        var copy = self
        copy.egressChoice = choice
        return copy
    }

    /// Places the network in another region (e.g. `.drRegion` for a standby pool).
    public func region(_ choice: RegionChoice) -> Network {
        var copy = self
        copy.region = choice
        return copy
    }

    /// Lets nodes send any traffic anywhere (the default is HTTPS out, and anything among the
    /// network's own nodes): `Network("lab", cidr: "10.42.0.0/16").allowAllEgress()`.
    public func allowAllEgress(_ on: Bool = true) -> Network {
        var copy = self
        copy.allowsAllEgress = on
        return copy
    }

    /// Opens ingress from these blocks (e.g. the office VPN) in addition to the group itself.
    public func allowIngress(from cidrs: String...) -> Network {
        var copy = self
        copy.ingressCIDRs += cidrs
        return copy
    }

    /// The VPC's address.
    public var vpcAddress: ResourceAddress { site.address("aws_vpc", name) }
    /// The security group's address.
    public var securityGroupAddress: ResourceAddress { site.address("aws_security_group", name) }
    /// `aws_vpc.NAME.id`.
    public var vpcID: AttributeValue { .reference(ResourceReference(vpcAddress, "id")) }
    /// `aws_security_group.NAME.id`.
    public var securityGroupID: AttributeValue { .reference(ResourceReference(securityGroupAddress, "id")) }

    var identity: String { "network:\(site.modulePath):\(name)@\(site.location)" }

    /// The private subnets' addresses (where nodes run), one per zone, in the network's region.
    public func subnetAddresses(in context: SynthesisContext) -> [ResourceAddress] {
        zones(in: context).map { site.address("aws_subnet", name, key: $0) }
    }

    /// The public subnets' addresses, one per zone (none when the network has no NAT or internet).
    public func publicSubnetAddresses(in context: SynthesisContext) -> [ResourceAddress] {
        guard hasPublicSubnets(in: context) else { return [] }
        return zones(in: context).map { site.address("aws_subnet", name + "_public", key: $0) }
    }

    /// References to the private subnets' ids (includes the network in the stack if it was not listed).
    public func subnetIDs(in context: SynthesisContext) -> [AttributeValue] {
        expand(in: context)
        return subnetAddresses(in: context).map { .reference(ResourceReference($0, "id")) }
    }

    /// References to the public subnets' ids (includes the network in the stack if it was not listed).
    public func publicSubnetIDs(in context: SynthesisContext) -> [AttributeValue] {
        expand(in: context)
        return publicSubnetAddresses(in: context).map { .reference(ResourceReference($0, "id")) }
    }

    /// The NAT gateways this network has in `context`'s environment.
    public func resolvedNAT(in context: SynthesisContext) -> NATGateways {
        if egressChoice == .vpcEndpointsOnly { return .none }
        return natChoice ?? (context.environment.isProduction ? .perZone : .single)
    }

    /// Whether the network has public subnets and an internet gateway (it has NAT gateways).
    func hasPublicSubnets(in context: SynthesisContext) -> Bool { resolvedNAT(in: context) != .none }

    /// The region the network lives in, for a context.
    public func resolvedRegion(in context: SynthesisContext) -> Region { context.region(region, at: site.location) }

    /// Makes sure the network is part of the stack (it may only be passed to other constructs).
    public func include(in context: SynthesisContext) { expand(in: context) }

    func zones(in context: SynthesisContext) -> [String] {
        let available = resolvedRegion(in: context).availabilityZones
        return Array(available.prefix(max(0, zoneCount)))
    }

    public func expand(in context: SynthesisContext) {
        guard context.firstExpansion(of: identity) else { return }
        let region = resolvedRegion(in: context)
        let location = site.location
        guard let block = IPv4Block(cidr) else {
            context.error(
                "network '\(name)': '\(cidr)' is not a valid IPv4 CIDR block",
                hint: "write it as a.b.c.d/n with zero host bits, e.g. 10.40.0.0/16", at: location)
            return
        }
        if !(16...28).contains(block.prefixLength) {
            context.error(
                "network '\(name)': a VPC block must be between /16 and /28, got /\(block.prefixLength)",
                hint: "use a /16 to /28 block", at: location)
        }
        let zones = zones(in: context)
        if zoneCount < 1 {
            context.error("network '\(name)' has no zones", hint: "use zones: 1 or more", at: location)
        } else if region.isKnown, zoneCount > region.availabilityZones.count {
            context.error(
                "network '\(name)' asks for \(zoneCount) zones, but \(region) has \(region.availabilityZones.count)",
                hint: "use zones: \(region.availabilityZones.count) or fewer", at: location)
        }
        let publicCount = hasPublicSubnets(in: context) ? zones.count : 0
        let (subnetBlocks, publicBlocks) = subnetBlocks(
            of: block, count: zones.count, publicCount: publicCount, context: context)
        context.emit(
            context.resource(
                vpcAddress, region: region,
                attributes: ["cidr_block": .string(cidr), "enable_dns_support": true, "enable_dns_hostnames": true],
                options: options, at: location))
        for (zone, subnet) in zip(zones, subnetBlocks) {
            context.emit(
                context.resource(
                    site.address("aws_subnet", name, key: zone), region: region,
                    attributes: [
                        "vpc_id": vpcID, "cidr_block": .string(subnet.description), "availability_zone": .string(zone),
                        "map_public_ip_on_launch": false,
                    ], options: options, at: location))
        }
        for (zone, subnet) in zip(zones, publicBlocks) {
            context.emit(
                context.resource(
                    site.address("aws_subnet", name + "_public", key: zone), region: region,
                    attributes: [
                        "vpc_id": vpcID, "cidr_block": .string(subnet.description), "availability_zone": .string(zone),
                        "map_public_ip_on_launch": false,
                    ], options: options, at: location))
        }
        expandRouting(zones: zones, region: region, in: context)
        let selfRule: AttributeValue = [
            "from_port": 0, "to_port": 0, "protocol": "-1", "self": true, "cidr_blocks": .list([]),
            "description": "nodes of the network with each other (NCCL, EFA, NFS, Lustre)",
        ]
        var ingress: [AttributeValue] = [selfRule]
        for source in ingressCIDRs {
            if IPv4Block(source) == nil {
                context.error(
                    "network '\(name)': ingress source '\(source)' is not a valid CIDR block",
                    hint: "write it as a.b.c.d/n", at: location)
            }
            ingress.append([
                "from_port": 0, "to_port": 0, "protocol": "-1", "self": false, "cidr_blocks": [.string(source)],
                "description": .string("declared ingress from \(source)"),
            ])
        }
        var egress: [AttributeValue] = [selfRule]
        if allowsAllEgress {
            egress.append([
                "from_port": 0, "to_port": 0, "protocol": "-1", "self": false, "cidr_blocks": ["0.0.0.0/0"],
                "description": "all egress (declared with .allowAllEgress())",
            ])
        } else {
            egress.append([
                "from_port": 443, "to_port": 443, "protocol": "tcp", "self": false, "cidr_blocks": ["0.0.0.0/0"],
                "description": "HTTPS to AWS APIs, image registries and package mirrors",
            ])
        }
        context.emit(
            context.resource(
                securityGroupAddress, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: securityGroupAddress, maxLength: 255)),
                    "description": .string("Fleetform nodes of network \(name)"),
                    "vpc_id": vpcID,
                    "ingress": .list(ingress),
                    "egress": .list(egress),
                ], options: options, at: location))
        // The VPC's default group admits and sends nothing: whatever is launched without a group
        // of its own stays cut off.
        context.emit(
            context.resource(
                site.address("aws_default_security_group", name), region: region,
                attributes: ["vpc_id": vpcID, "ingress": .list([]), "egress": .list([])], options: options,
                at: location, taggable: false))
        if flowLogs {
            var flowLogOptions = options
            flowLogOptions.dependsOn.append(LogBucket.policyAddress(in: region, context: context))
            context.emit(
                context.resource(
                    site.address("aws_flow_log", name), region: region,
                    attributes: [
                        "vpc_id": vpcID, "traffic_type": "ALL", "log_destination_type": "s3",
                        "log_destination": LogBucket.include(in: region, context: context, "arn"),
                        "max_aggregation_interval": 600,
                    ], options: flowLogOptions, at: location,
                    usage: flowLogGigabytesPerMonth.map { ["delivered_gb_per_month": $0] } ?? [:]))
        }
    }

    /// Stops recording the VPC's traffic in flow logs (on by default, into the stack's log
    /// bucket): `Network("bench", cidr: "10.99.0.0/16").flowLogs(false)`.
    public func flowLogs(_ on: Bool) -> Network {
        var copy = self
        copy.flowLogs = on
        return copy
    }

    /// The private and public subnet blocks: carved (private first, public after them), or the
    /// explicit ones checked.
    private func subnetBlocks(of block: IPv4Block, count: Int, publicCount: Int, context: SynthesisContext) -> (
        [IPv4Block], [IPv4Block]
    ) {
        let location = site.location
        if explicitSubnets.isEmpty {
            let newBits = max(4, bitsFor(count + publicCount))
            let blocks = (0..<(count + publicCount)).compactMap { block.subnet(newBits: newBits, index: $0) }
            if blocks.count < count + publicCount || blocks.contains(where: { $0.prefixLength > 28 }) {
                context.error(
                    "network '\(name)': \(cidr) is too small for \(count + publicCount) subnets",
                    hint: "use a larger block or fewer zones", at: location)
            }
            return (Array(blocks.prefix(count)), Array(blocks.dropFirst(count)))
        }
        if publicCount > 0 && explicitPublicSubnets.count != count {
            context.error(
                "network '\(name)' has \(count) explicit private subnets but \(explicitPublicSubnets.count) public ones, "
                    + "and its NAT gateways need one public subnet per zone",
                hint: "pass publicSubnets: with \(count) blocks, or declare .nat(.none)", at: location)
        }
        let blocks = explicitSubnets + (publicCount > 0 ? explicitPublicSubnets : [])
        let parsed = checked(blocks, in: block, context: context)
        return (Array(parsed.prefix(count)), Array(parsed.dropFirst(count).prefix(publicCount)))
    }

    private func checked(_ texts: [String], in block: IPv4Block, context: SynthesisContext) -> [IPv4Block] {
        let location = site.location
        var parsed: [IPv4Block] = []
        for text in texts {
            guard let sub = IPv4Block(text) else {
                context.error(
                    "network '\(name)': subnet '\(text)' is not a valid IPv4 CIDR block",
                    hint: "write it as a.b.c.d/n with zero host bits", at: location)
                continue
            }
            if !block.contains(sub) {
                context.error(
                    "network '\(name)': subnet \(text) is outside the VPC block \(cidr)",
                    hint: "choose subnets inside \(cidr)", at: location)
            }
            if let clash = parsed.first(where: { $0.overlaps(sub) }) {
                context.error(
                    "network '\(name)': subnets \(clash) and \(text) overlap",
                    hint: "give each zone a disjoint block", at: location)
            }
            parsed.append(sub)
        }
        return parsed
    }

    private func bitsFor(_ count: Int) -> Int {
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        return bits
    }
}
