import FleetformModel

/// The Auto Scaling types (AWS query: lists as `Name.member.N`, answers named as sent).
extension ResourceDeclaration {
    /// `aws_autoscaling_group` with a mixed instances policy. The id is the group name. Update
    /// restates the group (UpdateAutoScalingGroup takes every setting); delete forces the
    /// instances out and waits until the group is gone.
    static let autoScalingGroup = ResourceDeclaration(
        "aws_autoscaling_group", service: .autoScaling, identity: .named(["name"]),
        fields: [
            .string("name", "AutoScalingGroupName").required(),
            .integer("min_size", "MinSize").required(),
            .integer("max_size", "MaxSize").required(),
            .integer("desired_capacity", "DesiredCapacity"),
            .joined("vpc_zone_identifier", "VPCZoneIdentifier", separator: ","),
            .boolean("capacity_rebalance", "CapacityRebalance").reading(default: false),
            .string("health_check_type", "HealthCheckType").reading(default: "EC2"),
            .integer("health_check_grace_period", "HealthCheckGracePeriod"),
            .block(
                "mixed_instances_policy", "MixedInstancesPolicy",
                [
                    .block(
                        "instances_distribution", "InstancesDistribution",
                        [
                            .integer("on_demand_base_capacity", "OnDemandBaseCapacity"),
                            .integer("on_demand_percentage_above_base_capacity", "OnDemandPercentageAboveBaseCapacity"),
                            .string("spot_allocation_strategy", "SpotAllocationStrategy"),
                        ]),
                    .block(
                        "launch_template", "LaunchTemplate",
                        [
                            .block(
                                "launch_template_specification", "LaunchTemplateSpecification",
                                [.string("launch_template_id", "LaunchTemplateId"), .string("version", "Version")]),
                            .blocks(
                                "override", "Overrides",
                                [
                                    .string("instance_type", "InstanceType"),
                                    .string("weighted_capacity", "WeightedCapacity"),
                                ]),
                        ]),
                ]),
            // Group metrics (the capacity alarm compares in-service with desired), every minute.
            .plucked("enabled_metrics", nil, read: "EnabledMetrics", element: "Metric"),
            .arn(read: "AutoScalingGroupARN"),
        ],
        create: .init(APICall(APIOperation(.autoScaling, "CreateAutoScalingGroup"), fields: .all)),
        read: .names(
            APICall(APIOperation(.autoScaling, "DescribeAutoScalingGroups"), ["MaxRecords": "100"]),
            parameter: "AutoScalingGroupNames", chunk: 100, items: "//AutoScalingGroups", id: "AutoScalingGroupName"),
        gone: .equals("Status", "Delete in progress"),
        updates: [
            UpdateStep(
                [
                    "min_size", "max_size", "desired_capacity", "vpc_zone_identifier", "capacity_rebalance",
                    "mixed_instances_policy", "health_check_type", "health_check_grace_period",
                ],
                .always, APICall(APIOperation(.autoScaling, "UpdateAutoScalingGroup"), fields: .all)),
            // Collection is turned on for the declared metrics; metrics dropped from the list keep
            // being collected (group metrics cost nothing) until the group goes.
            UpdateStep(
                ["enabled_metrics"], .whenDiffers, afterCreate: true,
                APICall(
                    APIOperation(.autoScaling, "EnableMetricsCollection"),
                    [
                        "AutoScalingGroupName": .id, "Granularity": "1Minute",
                        "Metrics": .attribute("enabled_metrics"),
                    ])),
        ],
        delete: .init(
            call: APICall(
                APIOperation(.autoScaling, "DeleteAutoScalingGroup"),
                ["AutoScalingGroupName": .id, "ForceDelete": true]),
            waitUntilGone: true),
        tags: .autoScaling,
        adoption: .init(alreadyExists: ["AlreadyExists"], lookup: .identity), forceNew: ["name"])

    /// `aws_autoscaling_schedule`: PutScheduledUpdateGroupAction creates and updates (the same
    /// call); read once per group. The id is `GROUP/ACTION` (Terraform's is the action name).
    /// Scheduled actions carry no tags.
    static let autoScalingSchedule = ResourceDeclaration(
        "aws_autoscaling_schedule", service: .autoScaling,
        identity: .named(["autoscaling_group_name", "scheduled_action_name"], separator: "/", splitAtLast: true),
        fields: [
            .string("autoscaling_group_name", "AutoScalingGroupName", read: .idPart(0)).required(),
            .string("scheduled_action_name", "ScheduledActionName").required(),
            .integer("min_size", "MinSize"),
            .integer("max_size", "MaxSize"),
            .integer("desired_capacity", "DesiredCapacity"),
            .string("recurrence", "Recurrence"),
            .string("time_zone", "TimeZone"),
            .arn(read: "ScheduledActionARN"),
        ],
        create: .init(putSchedule),
        read: .perParent(
            APICall(APIOperation(.autoScaling, "DescribeScheduledActions"), ["AutoScalingGroupName": .idPart(0)]),
            parameter: "ScheduledActionNames", items: "//ScheduledUpdateGroupActions", id: "ScheduledActionName"),
        updates: [
            UpdateStep(["min_size", "max_size", "desired_capacity", "recurrence", "time_zone"], .always, putSchedule)
        ],
        delete: .init(
            call: APICall(
                APIOperation(.autoScaling, "DeleteScheduledAction"),
                ["AutoScalingGroupName": .idPart(0), "ScheduledActionName": .idPart(1)])),
        adoption: .init(lookup: .identity), forceNew: ["scheduled_action_name", "autoscaling_group_name"],
        terraformID: "scheduled_action_name")

    private static let putSchedule = APICall(APIOperation(.autoScaling, "PutScheduledUpdateGroupAction"), fields: .all)
}

extension ResourceDeclaration {
    /// `aws_autoscaling_attachment` of a load balancer target group to a group: the group's
    /// instances register with the target group as they launch. The id is `GROUP/TARGET_GROUP_ARN`;
    /// read with one DescribeLoadBalancerTargetGroups per group. Attachments carry no tags.
    static let autoScalingAttachment = ResourceDeclaration(
        "aws_autoscaling_attachment", service: .autoScaling,
        identity: .named(["autoscaling_group_name", "lb_target_group_arn"], separator: "/"),
        fields: [
            .string("autoscaling_group_name", "AutoScalingGroupName", read: .idPart(0)).required(),
            .string("lb_target_group_arn", read: "LoadBalancerTargetGroupARN").required(),
        ],
        create: .init(attachTargetGroup("AttachLoadBalancerTargetGroups")),
        read: .perParent(
            APICall(
                APIOperation(.autoScaling, "DescribeLoadBalancerTargetGroups"), ["AutoScalingGroupName": .idPart(0)]),
            parameter: nil, items: "//LoadBalancerTargetGroups", id: "LoadBalancerTargetGroupARN"),
        delete: .init(call: attachTargetGroup("DetachLoadBalancerTargetGroups")),
        adoption: .init(lookup: .identity), forceNew: ["autoscaling_group_name", "lb_target_group_arn"])

    private static func attachTargetGroup(_ action: String) -> APICall {
        APICall(
            APIOperation(.autoScaling, action),
            [
                "AutoScalingGroupName": .attribute("autoscaling_group_name"),
                "TargetGroupARNs": .computed(targetGroupARNs),
            ])
    }

    /// The attachment's target group as a one-element `TargetGroupARNs` list.
    private static func targetGroupARNs(_ context: InputContext) -> AttributeValue? {
        context.declared["lb_target_group_arn"].flatMap(\.stringValue).map { .strings([$0]) }
    }
}

extension TagConvention {
    /// Auto Scaling groups: `Tags` at create (each tag names its group and propagates to
    /// instances); CreateOrUpdateTags / DeleteTags; `Tags` in the describe item, read as the
    /// provider's `tag` blocks.
    static let autoScaling = TagConvention(
        inline: ("Tags", .tags(groupTags)),
        add: APICall(APIOperation(.autoScaling, "CreateOrUpdateTags"), ["Tags": .tags(groupTags)]),
        remove: APICall(
            APIOperation(.autoScaling, "DeleteTags"),
            ["Tags": .tagKeys(.pairs(extra: ["ResourceId": .id, "ResourceType": "auto-scaling-group"]))]),
        read: ("Tags", .pairs()), shape: .blocks)

    private static let groupTags = TagEncoding.pairs(
        extra: ["ResourceId": .id, "ResourceType": "auto-scaling-group", "PropagateAtLaunch": true])
}
