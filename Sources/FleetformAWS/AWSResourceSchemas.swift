import FleetformModel

/// The network-free schema of every AWS resource type: which attributes force a replacement
/// and which the cloud computes. The planner uses it offline.
///
/// ```swift
/// AWSResourceSchemas.all.schema(for: "aws_subnet")?.forceNew  // ["availability_zone", "cidr_block", "vpc_id"]
/// ```
public enum AWSResourceSchemas {
    /// Attributes computed for every taggable type.
    private static let taggedComputed = ["id", "arn", "tags_all"]

    public static let all = SchemaTable([
        ResourceSchema(type: "aws_vpc", forceNew: ["cidr_block"], computed: taggedComputed),
        ResourceSchema(
            type: "aws_subnet", forceNew: ["cidr_block", "availability_zone", "vpc_id"], computed: taggedComputed),
        ResourceSchema(
            type: "aws_security_group", forceNew: ["name", "description", "vpc_id"], computed: taggedComputed),
        ResourceSchema(
            type: "aws_launch_template", forceNew: ["name"],
            computed: taggedComputed + ["latest_version", "default_version"]),
        ResourceSchema(type: "aws_autoscaling_group", forceNew: ["name"], computed: taggedComputed),
        ResourceSchema(
            type: "aws_ec2_fleet", forceNew: ["type", "launch_template_config", "spot_options", "on_demand_options"],
            computed: taggedComputed),
        ResourceSchema(type: "aws_s3_bucket", forceNew: ["bucket"], computed: taggedComputed + ["bucket_domain_name"]),
        ResourceSchema(type: "aws_s3_bucket_versioning", forceNew: ["bucket"], computed: ["id"]),
        ResourceSchema(
            type: "aws_s3_bucket_server_side_encryption_configuration", forceNew: ["bucket"], computed: ["id"]),
        ResourceSchema(type: "aws_s3_bucket_lifecycle_configuration", forceNew: ["bucket"], computed: ["id"]),
        ResourceSchema(type: "aws_s3_bucket_replication_configuration", forceNew: ["bucket"], computed: ["id"]),
        ResourceSchema(type: "aws_iam_role", forceNew: ["name"], computed: taggedComputed + ["unique_id"]),
        ResourceSchema(
            type: "aws_eks_cluster", forceNew: ["name", "role_arn", "vpc_config"],
            computed: taggedComputed + ["endpoint", "status"]),
        ResourceSchema(
            type: "aws_eks_node_group",
            forceNew: [
                "cluster_name", "node_group_name", "node_role_arn", "subnet_ids", "instance_types", "capacity_type",
                "disk_size",
            ],
            computed: taggedComputed + ["status"]),
        ResourceSchema(
            type: "aws_autoscaling_schedule", forceNew: ["scheduled_action_name", "autoscaling_group_name"],
            computed: ["id", "arn"]),
    ])
}
