import FleetformModel

/// The network-free schema of every AWS resource type: which attributes force a replacement
/// and which the cloud computes. The planner uses it offline. It comes from the declarations
/// in `AWSResourceCatalog`.
///
/// ```swift
/// AWSResourceSchemas.all.schema(for: "aws_subnet")?.forceNew  // ["availability_zone", "cidr_block", "vpc_id"]
/// ```
public enum AWSResourceSchemas {
    public static let all = SchemaTable(AWSResourceCatalog.declarations.map(\.schema))
}
