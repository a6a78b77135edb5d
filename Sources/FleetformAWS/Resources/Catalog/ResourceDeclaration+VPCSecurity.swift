import FleetformModel

/// What keeps a VPC auditable and closed by default: its default security group emptied, and its
/// traffic recorded in flow logs.
extension ResourceDeclaration {
    /// `aws_default_security_group`: every VPC has a default group, which AWS makes and deletes with
    /// the VPC. "Create" finds it (DescribeSecurityGroups by `vpc-id` and `group-name`) and makes
    /// its rules the declared ones (none: it then admits and sends nothing); "delete" leaves it to
    /// the VPC, as Terraform does. It carries no tags of its own.
    static let defaultSecurityGroup = {
        var declaration = ResourceDeclaration(
            "aws_default_security_group", service: .ec2, identity: .assigned(at: "securityGroupInfo/item/groupId"),
            fields: [
                .string("vpc_id", read: "vpcId").required(),
                .string("name", read: "groupName"),
                .arn("arn:aws:ec2:{region}:{ownerId}:security-group/{id}"),
            ],
            create: .init(
                APICall(
                    APIOperation(.ec2, "DescribeSecurityGroups"),
                    [
                        "Filter": .computed { context in
                            guard let vpc = context.declared["vpc_id"]?.stringValue else { return nil }
                            return .list([
                                .map(["Name": "vpc-id", "Value": .list([.string(vpc)])]),
                                .map(["Name": "group-name", "Value": ["default"]]),
                            ])
                        }
                    ])),
            read: .ec2Filter(
                action: "DescribeSecurityGroups", filter: "group-id", set: "securityGroupInfo", id: "groupId"),
            updateReadsCurrent: true,
            adoption: .init(lookup: .none),
            companions: [.securityGroupRules], forceNew: ["vpc_id"], computed: ["name"])
        declaration.deleteForgets = true
        return declaration
    }()

    /// `aws_flow_log` of a VPC into S3 (`log_destination_type = "s3"`, the bucket's ARN as
    /// `log_destination`) or CloudWatch Logs: CreateFlowLogs (with a client token) answers the id
    /// in a list; read in bulk with DescribeFlowLogs.
    static let flowLog = ResourceDeclaration(
        "aws_flow_log", service: .ec2, identity: .assigned(at: "flowLogIdSet/item"),
        fields: [
            .string("vpc_id", read: "resourceId").required(),
            .string("traffic_type", "TrafficType").required(),
            .string("log_destination_type", "LogDestinationType").reading(default: "cloud-watch-logs"),
            .string("log_destination", "LogDestination"),
            .integer("max_aggregation_interval", "MaxAggregationInterval").reading(default: 600),
        ],
        create: .init(
            APICall(
                APIOperation(.ec2, "CreateFlowLogs"),
                ["ResourceType": "VPC", "ResourceId": .list(.attribute("vpc_id")), "ClientToken": .token],
                fields: .all),
            resend: .afterLookup),
        read: .ec2Filter(action: "DescribeFlowLogs", filter: "flow-log-id", set: "flowLogSet", id: "flowLogId"),
        delete: .init(call: APICall(APIOperation(.ec2, "DeleteFlowLogs"), ["FlowLogId": .list(.id)])),
        tags: .ec2("vpc-flow-log"), adoption: .init(lookup: .ownershipTags),
        forceNew: ["vpc_id", "traffic_type", "log_destination_type", "log_destination", "max_aggregation_interval"])
}
