/// The parameters of an EC2-query or AWS-query request, in insertion order.
///
/// ```swift
/// var p = QueryParameters()
/// p["CidrBlock"] = "10.0.0.0/16"
/// p.setEC2List("SubnetId", ["subnet-1", "subnet-2"])     // SubnetId.1, SubnetId.2
/// p.setMembers("VPCZoneIdentifier", [...])                // AWS query: Name.member.N
/// ```
public struct QueryParameters: Sendable {
    public private(set) var items: [(name: String, value: String)] = []

    public init() {}

    /// Sets (or, with nil, skips) one parameter.
    public subscript(_ name: String) -> String? {
        get { items.last { $0.name == name }?.value }
        set {
            items.removeAll { $0.name == name }
            if let newValue { items.append((name, newValue)) }
        }
    }

    /// EC2's list encoding: `Name.1`, `Name.2`, …
    public mutating func setEC2List(_ name: String, _ values: [String]) {
        for (index, value) in values.enumerated() { items.append(("\(name).\(index + 1)", value)) }
    }

    /// The AWS query list encoding: `Name.member.1`, `Name.member.2`, …
    public mutating func setMembers(_ name: String, _ values: [String]) {
        for (index, value) in values.enumerated() { items.append(("\(name).member.\(index + 1)", value)) }
    }

    /// Copies `other`'s parameters under `prefix.` (for nested structures).
    public mutating func merge(_ other: QueryParameters, prefix: String) {
        for (name, value) in other.items { items.append((prefix + "." + name, value)) }
    }

    /// Appends `other`'s parameters unchanged.
    public mutating func append(contentsOf other: QueryParameters) {
        items += other.items
    }
}
