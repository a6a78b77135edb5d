/// A VPC with one subnet per availability zone and a security group for the nodes in it.
///
/// ```swift
/// let net = Network("core", cidr: "10.40.0.0/16", zones: 3)
/// let edge = Network("edge", cidr: "10.41.0.0/16", subnets: ["10.41.0.0/20", "10.41.16.0/20"])
/// ```
/// Subnets are carved from the VPC block (`cidrsubnet(cidr, 4, i)`) unless given explicitly.
/// Nodes in the group may talk to each other on every port (NCCL, EFA) and reach anything outbound.
public struct Network: ConfigurableConstruct, Hashable {
    public let name: String
    public let cidr: String
    /// How many availability zones (one subnet each) when subnets are not explicit.
    public let zoneCount: Int
    /// Explicit subnet blocks, one per zone in order.
    public let explicitSubnets: [String]
    public var region: RegionChoice = .primary
    public var options = ConstructOptions()
    public var ingressCIDRs: [String] = []
    let site: DeclarationSite

    /// A network with `zones` subnets carved from `cidr`.
    public init(_ name: String, cidr: String, zones: Int = 3, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.cidr = cidr
        self.zoneCount = zones
        self.explicitSubnets = []
        self.site = DeclarationSite(file: file, line: line)
    }

    /// A network with explicit subnet blocks, one per availability zone.
    public init(_ name: String, cidr: String, subnets: [String], file: String = #filePath, line: Int = #line) {
        self.name = name
        self.cidr = cidr
        self.zoneCount = subnets.count
        self.explicitSubnets = subnets
        self.site = DeclarationSite(file: file, line: line)
    }

    /// Places the network in another region (e.g. `.drRegion` for a standby pool).
    public func region(_ choice: RegionChoice) -> Network {
        var copy = self
        copy.region = choice
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

    /// The subnets' addresses, one per zone, in the region the network is placed in.
    public func subnetAddresses(in context: SynthesisContext) -> [ResourceAddress] {
        zones(in: context).map { site.address("aws_subnet", name, key: $0) }
    }

    /// References to the subnets' ids (includes the network in the stack if it was not listed).
    public func subnetIDs(in context: SynthesisContext) -> [AttributeValue] {
        expand(in: context)
        return subnetAddresses(in: context).map { .reference(ResourceReference($0, "id")) }
    }

    /// The region the network lives in, for a context.
    public func resolvedRegion(in context: SynthesisContext) -> Region { context.region(region, at: site.location) }

    /// Makes sure the network is part of the stack (it may only be passed to other constructs).
    public func include(in context: SynthesisContext) { expand(in: context) }

    private func zones(in context: SynthesisContext) -> [String] {
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
        let subnetBlocks = subnetBlocks(of: block, count: zones.count, context: context)
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
        let selfRule: AttributeValue = [
            "from_port": 0, "to_port": 0, "protocol": "-1", "self": true, "cidr_blocks": .list([]),
        ]
        var ingress: [AttributeValue] = [selfRule]
        for source in ingressCIDRs {
            if IPv4Block(source) == nil {
                context.error("network '\(name)': ingress source '\(source)' is not a valid CIDR block",
                    hint: "write it as a.b.c.d/n", at: location)
            }
            ingress.append(["from_port": 0, "to_port": 0, "protocol": "-1", "self": false, "cidr_blocks": [.string(source)]])
        }
        context.emit(
            context.resource(
                securityGroupAddress, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: securityGroupAddress, maxLength: 255)),
                    "description": .string("Fleetform nodes of network \(name)"),
                    "vpc_id": vpcID,
                    "ingress": .list(ingress),
                    "egress": [["from_port": 0, "to_port": 0, "protocol": "-1", "self": false, "cidr_blocks": ["0.0.0.0/0"]]],
                ], options: options, at: location))
    }

    private func subnetBlocks(of block: IPv4Block, count: Int, context: SynthesisContext) -> [IPv4Block] {
        let location = site.location
        if explicitSubnets.isEmpty {
            let newBits = max(4, bitsFor(count))
            let blocks = (0..<count).compactMap { block.subnet(newBits: newBits, index: $0) }
            if blocks.count < count || blocks.contains(where: { $0.prefixLength > 28 }) {
                context.error("network '\(name)': \(cidr) is too small for \(count) subnets",
                    hint: "use a larger block or fewer zones", at: location)
            }
            return blocks
        }
        var parsed: [IPv4Block] = []
        for text in explicitSubnets {
            guard let sub = IPv4Block(text) else {
                context.error("network '\(name)': subnet '\(text)' is not a valid IPv4 CIDR block",
                    hint: "write it as a.b.c.d/n with zero host bits", at: location)
                continue
            }
            if !block.contains(sub) {
                context.error("network '\(name)': subnet \(text) is outside the VPC block \(cidr)",
                    hint: "choose subnets inside \(cidr)", at: location)
            }
            if let clash = parsed.first(where: { $0.overlaps(sub) }) {
                context.error("network '\(name)': subnets \(clash) and \(text) overlap",
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
