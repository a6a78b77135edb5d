import FleetformModel

/// A security group rule as declared (`ingress` / `egress` blocks): ports, protocol, CIDR blocks,
/// whether the group itself is a source, and the rule's description (kept per CIDR block and per
/// group source, as AWS keeps it).
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
    var description: String?

    init(
        fromPort: Int, toPort: Int, ipProtocol: String, cidrBlocks: [String], selfReference: Bool,
        description: String? = nil
    ) {
        self.ipProtocol = ipProtocol == "all" ? "-1" : ipProtocol
        // "All traffic" has no ports; AWS reports none, Terraform writes 0.
        self.fromPort = self.ipProtocol == "-1" ? 0 : fromPort
        self.toPort = self.ipProtocol == "-1" ? 0 : toPort
        self.cidrBlocks = cidrBlocks.sorted()
        self.selfReference = selfReference
        self.description = description.flatMap { $0.isEmpty ? nil : $0 }
    }

    init(_ block: AttributeReader) {
        self.init(
            fromPort: block.int("from_port") ?? 0, toPort: block.int("to_port") ?? 0,
            ipProtocol: block.string("protocol") ?? "-1", cidrBlocks: block.stringList("cidr_blocks"),
            selfReference: block.bool("self") ?? false, description: block.string("description"))
    }

    /// The rule as a block attribute.
    var attribute: AttributeValue {
        var fields: [String: AttributeValue] = [
            "from_port": .int(fromPort), "to_port": .int(toPort), "protocol": .string(ipProtocol),
            "cidr_blocks": .strings(cidrBlocks), "self": .bool(selfReference),
        ]
        if let description { fields["description"] = .string(description) }
        return .map(fields)
    }

    /// The rule split into atoms: one per CIDR block, plus one for the group itself.
    var atoms: [SecurityGroupRule] {
        var atoms = cidrBlocks.map {
            SecurityGroupRule(
                fromPort: fromPort, toPort: toPort, ipProtocol: ipProtocol, cidrBlocks: [$0], selfReference: false,
                description: description)
        }
        if selfReference {
            atoms.append(
                SecurityGroupRule(
                    fromPort: fromPort, toPort: toPort, ipProtocol: ipProtocol, cidrBlocks: [], selfReference: true,
                    description: description))
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
        (
            a.ipProtocol, a.fromPort, a.toPort, a.cidrBlocks.joined(separator: ","), a.selfReference ? 1 : 0,
            a.description ?? ""
        )
            < (
                b.ipProtocol, b.fromPort, b.toPort, b.cidrBlocks.joined(separator: ","), b.selfReference ? 1 : 0,
                b.description ?? ""
            )
    }

    /// `IpPermissions.N.*` parameters for this rule.
    func add(to parameters: inout QueryParameters, index: Int, groupId: String) {
        let prefix = "IpPermissions.\(index)"
        parameters["\(prefix).IpProtocol"] = ipProtocol
        if ipProtocol != "-1" {
            parameters["\(prefix).FromPort"] = String(fromPort)
            parameters["\(prefix).ToPort"] = String(toPort)
        }
        for (n, cidr) in cidrBlocks.enumerated() {
            parameters["\(prefix).IpRanges.\(n + 1).CidrIp"] = cidr
            if let description { parameters["\(prefix).IpRanges.\(n + 1).Description"] = description }
        }
        if selfReference {
            parameters["\(prefix).Groups.1.GroupId"] = groupId
            if let description { parameters["\(prefix).Groups.1.Description"] = description }
        }
    }

    /// The atoms of one `ipPermissions` item (which may hold several ranges and groups, each with
    /// its own description).
    static func parse(_ item: XMLTree, groupId: String) -> [SecurityGroupRule] {
        let fromPort = item.string("fromPort").flatMap { Int($0) } ?? 0
        let toPort = item.string("toPort").flatMap { Int($0) } ?? 0
        let ipProtocol = item.string("ipProtocol") ?? "-1"
        let ranges = item.list("ipRanges").compactMap { range in
            range.string("cidrIp").map {
                SecurityGroupRule(
                    fromPort: fromPort, toPort: toPort, ipProtocol: ipProtocol, cidrBlocks: [$0], selfReference: false,
                    description: range.string("description"))
            }
        }
        let groups = item.list("groups").filter { $0.string("groupId") == groupId }.map {
            SecurityGroupRule(
                fromPort: fromPort, toPort: toPort, ipProtocol: ipProtocol, cidrBlocks: [], selfReference: true,
                description: $0.string("description"))
        }
        return ranges + groups
    }
}
