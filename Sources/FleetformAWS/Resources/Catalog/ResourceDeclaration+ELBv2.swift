import FleetformModel

/// The Elastic Load Balancing v2 types (AWS query). Ids are ARNs, as Terraform's. Each type is
/// read in bulk by ARN (20 a call) and its tags with DescribeTags (20 ARNs a call).
extension ResourceDeclaration {
    /// `aws_lb`: CreateLoadBalancer; waits for `active`, and on delete until it is gone. Its
    /// attributes (header dropping, access logs, deletion protection) are set with
    /// ModifyLoadBalancerAttributes after create. AWS refuses to delete a load balancer whose
    /// deletion protection is on, so the planner refuses a plan that would (`deletionGuard`).
    static let loadBalancer = ResourceDeclaration(
        "aws_lb", service: .elbv2, identity: .assigned(at: "//LoadBalancers/member/LoadBalancerArn"),
        fields: [
            .string("name", "Name", read: "LoadBalancerName").required(),
            .flag("internal", "Scheme", whenTrue: "internal", whenFalse: "internet-facing", read: "Scheme"),
            .string("load_balancer_type", "Type", read: "Type").reading(default: "application"),
            .plucked("subnets", "Subnets", read: "AvailabilityZones", element: "SubnetId"),
            .strings("security_groups", "SecurityGroups", unordered: true),
            .string("dns_name", read: "DNSName"),
            .string("zone_id", read: "CanonicalHostedZoneId"),
            .string("vpc_id", read: "VpcId"),
            .arn(read: "LoadBalancerArn"),
            .boolean(
                "drop_invalid_header_fields", nil,
                read: .itemRead("attributes", "Attributes/member[Key=\(dropInvalidHeaders)]/Value")
            ).reading(default: false),
            .boolean(
                "enable_deletion_protection", nil,
                read: .itemRead("attributes", "Attributes/member[Key=\(deletionProtection)]/Value")
            ).reading(default: false),
            .block(
                "access_logs", nil, read: .itemRead("attributes", "Attributes"),
                [
                    .string("bucket", nil, read: "member[Key=access_logs.s3.bucket]/Value"),
                    .string("prefix", nil, read: "member[Key=access_logs.s3.prefix]/Value"),
                    .boolean("enabled", nil, read: "member[Key=access_logs.s3.enabled]/Value"),
                ]),
        ],
        create: .init(APICall(APIOperation(.elbv2, "CreateLoadBalancer"), fields: .all)),
        read: .names(
            APICall(APIOperation(.elbv2, "DescribeLoadBalancers")), parameter: "LoadBalancerArns", chunk: 20,
            items: "//LoadBalancers", id: "LoadBalancerArn"),
        itemReads: [
            ItemRead(
                "attributes",
                APICall(APIOperation(.elbv2, "DescribeLoadBalancerAttributes"), ["LoadBalancerArn": .id]),
                at: "//DescribeLoadBalancerAttributesResult")
        ],
        updates: [
            // Load balancer attributes are key/value pairs set after create.
            UpdateStep(
                ["drop_invalid_header_fields", "enable_deletion_protection", "access_logs"], .whenDiffers,
                afterCreate: true,
                APICall(
                    APIOperation(.elbv2, "ModifyLoadBalancerAttributes"),
                    ["LoadBalancerArn": .id, "Attributes": .computed(loadBalancerAttributes)])),
            UpdateStep(
                ["security_groups"], .whenChanged,
                APICall(
                    APIOperation(.elbv2, "SetSecurityGroups"), ["LoadBalancerArn": .id], fields: ["security_groups"])),
            UpdateStep(
                ["subnets"], .whenChanged,
                APICall(APIOperation(.elbv2, "SetSubnets"), ["LoadBalancerArn": .id], fields: ["subnets"])),
        ],
        delete: .init(
            call: APICall(APIOperation(.elbv2, "DeleteLoadBalancer"), ["LoadBalancerArn": .id]), waitUntilGone: true),
        tags: .elbv2, wait: .item("State/Code", ready: "active", failed: ["failed"]),
        adoption: .init(
            alreadyExists: ["DuplicateLoadBalancerName"],
            lookup: .query(
                APICall(APIOperation(.elbv2, "DescribeLoadBalancers"), ["Names": .list(.attribute("name"))]),
                items: "//LoadBalancers", id: "LoadBalancerArn")),
        companions: [.deletionProtectionLifted],
        forceNew: ["name", "internal", "load_balancer_type"], computed: ["dns_name", "zone_id", "vpc_id"],
        deletionGuard: "enable_deletion_protection")

    /// The load balancer attribute behind `drop_invalid_header_fields`.
    static let dropInvalidHeaders = "routing.http.drop_invalid_header_fields.enabled"
    /// The load balancer attribute behind `enable_deletion_protection`.
    static let deletionProtection = "deletion_protection.enabled"

    /// The key/value attributes the declaration sets: header dropping, deletion protection, and
    /// access logs (off when the block says so or is left out).
    @Sendable private static func loadBalancerAttributes(_ context: InputContext) -> AttributeValue? {
        let text = { (value: AttributeValue?) -> AttributeValue in
            switch value {
            case .bool(let flag)?: return .string(flag ? "true" : "false")
            case .string(let string)?: return .string(string)
            default: return ""
            }
        }
        var pairs: [AttributeValue] = [
            [
                "Key": .string(dropInvalidHeaders),
                "Value": text(context.declared["drop_invalid_header_fields"] ?? false),
            ],
            [
                "Key": .string(deletionProtection),
                "Value": text(context.declared["enable_deletion_protection"] ?? false),
            ],
        ]
        let logs = context.declared["access_logs"]?.listValue?.first?.mapValue ?? [:]
        let enabled = logs["enabled"]?.boolValue ?? !logs.isEmpty
        pairs.append(["Key": "access_logs.s3.enabled", "Value": text(.bool(enabled))])
        if enabled {
            pairs.append(["Key": "access_logs.s3.bucket", "Value": text(logs["bucket"])])
            pairs.append(["Key": "access_logs.s3.prefix", "Value": text(logs["prefix"])])
        }
        return .list(pairs)
    }

    /// `aws_lb_target_group` of instances, with its `health_check` block (flat members in the API).
    static let targetGroup = ResourceDeclaration(
        "aws_lb_target_group", service: .elbv2, identity: .assigned(at: "//TargetGroups/member/TargetGroupArn"),
        fields: [
            .string("name", "Name", read: "TargetGroupName").required(),
            .integer("port", "Port"),
            .string("protocol", "Protocol"),
            .string("vpc_id", "VpcId"),
            .string("target_type", "TargetType").reading(default: "instance"),
            .inlineBlock(
                "health_check",
                [
                    .boolean("enabled", "HealthCheckEnabled"),
                    .string("path", "HealthCheckPath"),
                    .string("port", "HealthCheckPort"),
                    .string("protocol", "HealthCheckProtocol"),
                    .integer("interval", "HealthCheckIntervalSeconds"),
                    .integer("timeout", "HealthCheckTimeoutSeconds"),
                    .integer("healthy_threshold", "HealthyThresholdCount"),
                    .integer("unhealthy_threshold", "UnhealthyThresholdCount"),
                    .string("matcher", "Matcher.HttpCode"),
                ]),
            .arn(read: "TargetGroupArn"),
        ],
        create: .init(APICall(APIOperation(.elbv2, "CreateTargetGroup"), fields: .all)),
        read: .names(
            APICall(APIOperation(.elbv2, "DescribeTargetGroups")), parameter: "TargetGroupArns", chunk: 20,
            items: "//TargetGroups", id: "TargetGroupArn"),
        updates: [
            UpdateStep(
                ["health_check"], .whenChanged,
                APICall(APIOperation(.elbv2, "ModifyTargetGroup"), ["TargetGroupArn": .id], fields: ["health_check"]))
        ],
        delete: .init(call: APICall(APIOperation(.elbv2, "DeleteTargetGroup"), ["TargetGroupArn": .id])),
        tags: .elbv2,
        adoption: .init(
            alreadyExists: ["DuplicateTargetGroupName"],
            lookup: .query(
                APICall(APIOperation(.elbv2, "DescribeTargetGroups"), ["Names": .list(.attribute("name"))]),
                items: "//TargetGroups", id: "TargetGroupArn")),
        forceNew: ["name", "port", "protocol", "vpc_id", "target_type"])

    /// `aws_lb_listener` forwarding to target groups or redirecting (`default_action` blocks);
    /// HTTPS with its certificate and security policy.
    static let listener = ResourceDeclaration(
        "aws_lb_listener", service: .elbv2, identity: .assigned(at: "//Listeners/member/ListenerArn"),
        fields: [
            .string("load_balancer_arn", "LoadBalancerArn").required(),
            .integer("port", "Port"),
            .string("protocol", "Protocol"),
            .string("ssl_policy", "SslPolicy"),
            .wrapped("certificate_arn", "Certificates", member: "CertificateArn"),
            .blocks(
                "default_action", "DefaultActions",
                [
                    .string("type", "Type"), .string("target_group_arn", "TargetGroupArn"),
                    .block(
                        "redirect", "RedirectConfig",
                        [
                            .string("protocol", "Protocol"), .string("port", "Port"),
                            .string("status_code", "StatusCode"),
                        ]),
                ]),
            .arn(read: "ListenerArn"),
        ],
        create: .init(APICall(APIOperation(.elbv2, "CreateListener"), fields: .all)),
        read: .names(
            APICall(APIOperation(.elbv2, "DescribeListeners")), parameter: "ListenerArns", chunk: 20,
            items: "//Listeners", id: "ListenerArn"),
        updates: [
            UpdateStep(
                ["port", "protocol", "ssl_policy", "certificate_arn", "default_action"], .whenChanged,
                APICall(
                    APIOperation(.elbv2, "ModifyListener"), ["ListenerArn": .id],
                    fields: ["port", "protocol", "ssl_policy", "certificate_arn", "default_action"]))
        ],
        delete: .init(call: APICall(APIOperation(.elbv2, "DeleteListener"), ["ListenerArn": .id])),
        tags: .elbv2,
        adoption: .init(
            alreadyExists: ["DuplicateListener"],
            lookup: .query(
                APICall(
                    APIOperation(.elbv2, "DescribeListeners"), ["LoadBalancerArn": .attribute("load_balancer_arn")]),
                items: "//Listeners", id: "ListenerArn", matching: (element: "Port", attribute: "port"))),
        forceNew: ["load_balancer_arn"])
}

extension TagConvention {
    /// ELBv2: `Tags` at create; AddTags / RemoveTags on the ARN; read in bulk with DescribeTags.
    static let elbv2 = TagConvention(
        inline: ("Tags", .tags(.pairs())),
        add: APICall(APIOperation(.elbv2, "AddTags"), ["ResourceArns": .list(.id), "Tags": .tags(.pairs())]),
        remove: APICall(
            APIOperation(.elbv2, "RemoveTags"), ["ResourceArns": .list(.id), "TagKeys": .tagKeys(.strings)]),
        read: ("Tags", .pairs()),
        readCall: .bulk(
            APICall(APIOperation(.elbv2, "DescribeTags")), parameter: "ResourceArns", chunk: 20,
            items: "//TagDescriptions", id: "ResourceArn"))
}

extension ResourceCompanion {
    /// A load balancer's deletion protection, turned off just before it is deleted (ELB refuses to
    /// delete a protected one). The planner refuses such a delete in production, so this runs for
    /// environments outside it (`destroy`, `env reap`) and for orphans the sweep removes. Owns no
    /// attribute (`enable_deletion_protection` is the declaration's) and reads nothing.
    static let deletionProtectionLifted = ResourceCompanion(
        attributes: [], readsBackAfterCreate: false,
        write: { _ in },
        read: { _ in [:] },
        removeBeforeDelete: { context in
            try await AWSError.removeIfPresent {
                _ = try await context.client.call(
                    APIOperation(.elbv2, "ModifyLoadBalancerAttributes"),
                    [
                        "LoadBalancerArn": .string(context.id),
                        "Attributes": .list([
                            .map(["Key": .string(ResourceDeclaration.deletionProtection), "Value": "false"])
                        ]),
                    ], region: context.region)
            }
        })
}
