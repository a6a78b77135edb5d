import FleetformModel

extension QueryParameters {
    /// How a query protocol writes list elements.
    enum ListStyle: Sendable {
        /// EC2: `Name.1`, `Name.2`, … (the member name on the wire is already the singular one).
        case ec2
        /// AWS query: `Name.member.1`, `Name.member.2`, …
        case awsQuery
    }

    /// The query-protocol form of a structured input (keys are wire member names): nested
    /// members as `Name.Sub`, lists per `style`, booleans as `true`/`false`, whole numbers without
    /// a fraction. Members are written in name order; nulls are left out.
    ///
    /// ```swift
    /// QueryParameters(flattening: ["TagSpecification": [["ResourceType": "vpc", "Tag": [["Key": "a"]]]]], style: .ec2)
    /// // TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=a
    /// ```
    init(flattening input: [String: AttributeValue], style: ListStyle) {
        self.init()
        for (key, value) in input.sorted(by: { $0.key < $1.key }) { append(value, at: key, style: style) }
    }

    private mutating func append(_ value: AttributeValue, at name: String, style: ListStyle) {
        switch value {
        case .null, .unknown, .reference: return
        case .bool(let flag): self[name] = flag ? "true" : "false"
        case .number(let number): self[name] = AttributeValue.format(number)
        case .string(let text): self[name] = text
        case .map(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                append(member, at: name + "." + key, style: style)
            }
        case .list(let elements):
            let prefix = style == .ec2 ? name : name + ".member"
            for (index, element) in elements.enumerated() {
                append(element, at: "\(prefix).\(index + 1)", style: style)
            }
        }
    }
}
