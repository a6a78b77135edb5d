import FleetformModel

/// A security group rule as declared (`ingress` / `egress` blocks): ports, protocol, CIDR blocks,
/// and whether the group itself is a source.
///
/// AWS merges rules with the same protocol and ports into one permission, so rules are compared
/// as *atoms* (one CIDR block, or the group itself, per rule): the same access declared as one
/// block or as several is the same set of atoms.
struct SecurityGroupRule: Hashable, Comparable {
    var fromPort: Int
    var toPort: Int
    var ipProtocol: String
    var cidrBlocks: [String]
    var selfReference: Bool

    init(fromPort: Int, toPort: Int, ipProtocol: String, cidrBlocks: [String], selfReference: Bool) {
        self.ipProtocol = ipProtocol == "all" ? "-1" : ipProtocol
        // "All traffic" has no ports; AWS reports none, Terraform writes 0.
        self.fromPort = self.ipProtocol == "-1" ? 0 : fromPort
        self.toPort = self.ipProtocol == "-1" ? 0 : toPort
        self.cidrBlocks = cidrBlocks.sorted()
        self.selfReference = selfReference
    }

    init(_ block: AttributeReader) {
        self.init(
            fromPort: block.int("from_port") ?? 0, toPort: block.int("to_port") ?? 0,
            ipProtocol: block.string("protocol") ?? "-1", cidrBlocks: block.stringList("cidr_blocks"),
            selfReference: block.bool("self") ?? false)
    }

    /// The rule as a block attribute.
    var attribute: AttributeValue {
        .map([
            "from_port": .int(fromPort), "to_port": .int(toPort), "protocol": .string(ipProtocol),
            "cidr_blocks": .strings(cidrBlocks), "self": .bool(selfReference),
        ])
    }

    /// The rule split into atoms: one per CIDR block, plus one for the group itself.
    var atoms: [SecurityGroupRule] {
        var atoms = cidrBlocks.map {
            SecurityGroupRule(
                fromPort: fromPort, toPort: toPort, ipProtocol: ipProtocol, cidrBlocks: [$0], selfReference: false)
        }
        if selfReference {
            atoms.append(
                SecurityGroupRule(
                    fromPort: fromPort, toPort: toPort, ipProtocol: ipProtocol, cidrBlocks: [], selfReference: true))
        }
        return atoms
    }

    static func atoms(_ rules: [SecurityGroupRule]) -> Set<SecurityGroupRule> { Set(rules.flatMap(\.atoms)) }

    /// The atoms of a rule-list attribute (from a state or a read).
    static func atoms(of value: AttributeValue?, type: String) -> Set<SecurityGroupRule> {
        atoms(
            (value?.listValue ?? []).compactMap(\.mapValue).map {
                SecurityGroupRule(AttributeReader(type: type, values: $0))
            })
    }

    /// The attribute for the rules AWS reports: the prior value when it stands for the same atoms
    /// (so a declaration's own grouping never shows as a change), else one rule per atom, sorted.
    static func attribute(_ cloud: Set<SecurityGroupRule>, preferring prior: AttributeValue?, type: String)
        -> AttributeValue
    {
        if let prior, prior.listValue != nil, atoms(of: prior, type: type) == cloud { return prior }
        return .list(cloud.sorted().map(\.attribute))
    }

    static func < (a: SecurityGroupRule, b: SecurityGroupRule) -> Bool {
        (a.ipProtocol, a.fromPort, a.toPort, a.cidrBlocks.joined(separator: ","), a.selfReference ? 1 : 0)
            < (b.ipProtocol, b.fromPort, b.toPort, b.cidrBlocks.joined(separator: ","), b.selfReference ? 1 : 0)
    }

    /// `IpPermissions.N.*` parameters for this rule.
    func add(to parameters: inout QueryParameters, index: Int, groupId: String) {
        let prefix = "IpPermissions.\(index)"
        parameters["\(prefix).IpProtocol"] = ipProtocol
        if ipProtocol != "-1" {
            parameters["\(prefix).FromPort"] = String(fromPort)
            parameters["\(prefix).ToPort"] = String(toPort)
        }
        for (n, cidr) in cidrBlocks.enumerated() { parameters["\(prefix).IpRanges.\(n + 1).CidrIp"] = cidr }
        if selfReference { parameters["\(prefix).Groups.1.GroupId"] = groupId }
    }

    /// The atoms of one `ipPermissions` item (which may hold several ranges and groups).
    static func parse(_ item: XMLTree, groupId: String) -> [SecurityGroupRule] {
        SecurityGroupRule(
            fromPort: item.string("fromPort").flatMap { Int($0) } ?? 0,
            toPort: item.string("toPort").flatMap { Int($0) } ?? 0, ipProtocol: item.string("ipProtocol") ?? "-1",
            cidrBlocks: item.list("ipRanges").compactMap { $0.string("cidrIp") },
            selfReference: item.list("groups").contains { $0.string("groupId") == groupId }
        ).atoms
    }
}
