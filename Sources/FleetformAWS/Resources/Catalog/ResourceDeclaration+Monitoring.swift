import FleetformModel

/// CloudWatch (AWS query protocol): metric alarms and dashboards. PutMetricAlarm and PutDashboard
/// create and restate the whole resource, so updates send everything again.
extension ResourceDeclaration {
    /// `aws_cloudwatch_metric_alarm` on one metric (`metric_name`, `namespace`, `statistic`,
    /// `dimensions`) or on metric math (`metric_query` blocks, one of them returning the value
    /// compared). The id is the alarm's name. Read in bulk (DescribeAlarms takes 100 names); tags
    /// with ListTagsForResource.
    static let metricAlarm = ResourceDeclaration(
        "aws_cloudwatch_metric_alarm", service: .monitoring, identity: .named(["alarm_name"]),
        fields: [
            .string("alarm_name", "AlarmName").required(),
            .string("alarm_description", "AlarmDescription").emptyMeansUnset(),
            .string("comparison_operator", "ComparisonOperator").required(),
            .integer("evaluation_periods", "EvaluationPeriods").required(),
            .integer("datapoints_to_alarm", "DatapointsToAlarm"),
            .number("threshold", "Threshold"),
            .string("metric_name", "MetricName"),
            .string("namespace", "Namespace"),
            .integer("period", "Period"),
            .string("statistic", "Statistic"),
            .pairMap("dimensions", "Dimensions"),
            .string("treat_missing_data", "TreatMissingData").reading(default: "missing"),
            .boolean("actions_enabled", "ActionsEnabled").reading(default: true),
            .strings("alarm_actions", "AlarmActions", unordered: true).reading(default: []),
            .strings("ok_actions", "OKActions", unordered: true).reading(default: []),
            .blocks(
                "metric_query", "Metrics",
                [
                    .string("id", "Id"),
                    .string("expression", "Expression"),
                    .string("label", "Label"),
                    .boolean("return_data", "ReturnData"),
                    .block(
                        "metric", "MetricStat",
                        [
                            .string("metric_name", "Metric.MetricName"),
                            .string("namespace", "Metric.Namespace"),
                            .pairMap("dimensions", "Metric.Dimensions"),
                            .integer("period", "Period"),
                            .string("stat", "Stat"),
                        ]),
                ]),
            .arn(read: "AlarmArn"),
        ],
        create: .init(putMetricAlarm),
        read: .names(
            APICall(APIOperation(.monitoring, "DescribeAlarms")), parameter: "AlarmNames", chunk: 100,
            items: "//MetricAlarms", id: "AlarmName"),
        itemReads: [
            ItemRead(
                "tags",
                APICall(APIOperation(.monitoring, "ListTagsForResource"), ["ResourceARN": .item("AlarmArn")]))
        ],
        updates: [
            UpdateStep(
                [
                    "alarm_description", "comparison_operator", "evaluation_periods", "datapoints_to_alarm",
                    "threshold", "metric_name", "namespace", "period", "statistic", "dimensions",
                    "treat_missing_data", "actions_enabled", "alarm_actions", "ok_actions", "metric_query",
                ], .whenChanged, putMetricAlarm)
        ],
        delete: .init(call: APICall(APIOperation(.monitoring, "DeleteAlarms"), ["AlarmNames": .list(.id)])),
        tags: TagConvention(
            inline: ("Tags", .tags(.pairs())),
            add: APICall(
                APIOperation(.monitoring, "TagResource"), ["ResourceARN": .current("arn"), "Tags": .tags(.pairs())]),
            remove: APICall(
                APIOperation(.monitoring, "UntagResource"),
                ["ResourceARN": .current("arn"), "TagKeys": .tagKeys(.strings)]),
            read: ("//Tags", .pairs()), readCall: .itemRead("tags")),
        adoption: .init(lookup: .identity), forceNew: ["alarm_name"])

    private static let putMetricAlarm = APICall(APIOperation(.monitoring, "PutMetricAlarm"), fields: .all)

    /// `aws_cloudwatch_dashboard`: a JSON body of widgets, written with PutDashboard and read with
    /// GetDashboard (the body compared as JSON). The id is the name; dashboards carry no tags.
    static let dashboard = ResourceDeclaration(
        "aws_cloudwatch_dashboard", service: .monitoring, identity: .named(["dashboard_name"]),
        fields: [
            .string("dashboard_name", "DashboardName", read: .id).required(),
            .policyDocument("dashboard_body", "DashboardBody").required(),
            .string("dashboard_arn", read: "DashboardArn"),
        ],
        create: .init(putDashboard),
        read: .each(
            APICall(APIOperation(.monitoring, "GetDashboard"), ["DashboardName": .id]), item: "//GetDashboardResult"),
        updates: [UpdateStep(["dashboard_body"], .whenDiffers, putDashboard)],
        updateReadsCurrent: true,
        delete: .init(call: APICall(APIOperation(.monitoring, "DeleteDashboards"), ["DashboardNames": .list(.id)])),
        adoption: .init(lookup: .identity), forceNew: ["dashboard_name"], computed: ["dashboard_arn"])

    private static let putDashboard = APICall(APIOperation(.monitoring, "PutDashboard"), fields: .all)
}

/// EventBridge (JSON 1.1) rules on the default event bus and their targets.
extension ResourceDeclaration {
    /// `aws_cloudwatch_event_rule` on the default bus: PutRule creates and restates it; the id is
    /// the name, as the provider's on the default bus. Tags are read with ListTagsForResource.
    static let eventRule = ResourceDeclaration(
        "aws_cloudwatch_event_rule", service: .events, identity: .named(["name"]),
        fields: [
            .string("name", "Name", read: .id).required(),
            .policyDocument("event_pattern", "EventPattern"),
            .string("description", "Description").emptyMeansUnset(),
            .string("state", "State").reading(default: "ENABLED"),
            .arn(read: "Arn"),
        ],
        create: .init(putRule),
        read: .each(APICall(APIOperation(.events, "DescribeRule"), ["Name": .id]), item: ""),
        itemReads: [
            ItemRead("tags", APICall(APIOperation(.events, "ListTagsForResource"), ["ResourceARN": .item("Arn")]))
        ],
        updates: [UpdateStep(["event_pattern", "description", "state"], .whenChanged, putRule)],
        delete: .init(call: APICall(APIOperation(.events, "DeleteRule"), ["Name": .id])),
        tags: TagConvention(
            inline: ("Tags", .tags(.pairs())),
            add: APICall(
                APIOperation(.events, "TagResource"), ["ResourceARN": .current("arn"), "Tags": .tags(.pairs())]),
            remove: APICall(
                APIOperation(.events, "UntagResource"), ["ResourceARN": .current("arn"), "TagKeys": .tagKeys(.strings)]),
            read: ("Tags", .pairs()), readCall: .itemRead("tags")),
        adoption: .init(lookup: .identity), companions: [.ruleTargets], forceNew: ["name"])

    private static let putRule = APICall(APIOperation(.events, "PutRule"), fields: .all)

    /// `aws_cloudwatch_event_target` of a rule: one `Targets` entry written with PutTargets (which
    /// also replaces it) and removed with RemoveTargets; read with the rule's ListTargetsByRule.
    /// The id is `RULE-TARGET_ID`, as the provider's.
    static let eventTarget = ResourceDeclaration(
        "aws_cloudwatch_event_target", service: .events,
        identity: .named(["rule", "target_id"], separator: "-", splitAtLast: true),
        fields: [
            .string("rule", read: .idPart(0)).required(),
            .string("target_id", read: "Id").required(),
            .string("arn", read: "Arn").required(),
            .block(
                "input_transformer", nil, read: "InputTransformer",
                [
                    .stringMap("input_paths", nil, read: "InputPathsMap"),
                    .string("input_template", nil, read: "InputTemplate"),
                ]),
        ],
        create: .init(putTargets),
        read: .perParent(
            APICall(APIOperation(.events, "ListTargetsByRule"), ["Rule": .idPart(0)]), parameter: nil,
            items: "Targets", id: "Id"),
        updates: [UpdateStep(["arn", "input_transformer"], .whenChanged, putTargets)],
        delete: .init(
            call: APICall(APIOperation(.events, "RemoveTargets"), ["Rule": .idPart(0), "Ids": .list(.idPart(1))])),
        adoption: .init(lookup: .identity), forceNew: ["rule", "target_id"])

    /// PutTargets with the one target the resource is.
    private static let putTargets = APICall(
        APIOperation(.events, "PutTargets"),
        [
            "Rule": .attribute("rule"),
            "Targets": .computed { context in
                let declared = context.declared
                guard let id = declared["target_id"]?.stringValue, let arn = declared["arn"]?.stringValue else {
                    throw AWSError.invalidAttribute(context.type, "target_id and arn", expected: "non-empty strings")
                }
                var target: [String: AttributeValue] = ["Id": .string(id), "Arn": .string(arn)]
                let transformer =
                    declared["input_transformer"]?.mapValue ?? declared["input_transformer"]?.listValue?.first?.mapValue
                if let transformer, let template = transformer["input_template"]?.stringValue {
                    var members: [String: AttributeValue] = ["InputTemplate": .string(template)]
                    if let paths = transformer["input_paths"]?.mapValue, !paths.isEmpty {
                        members["InputPathsMap"] = .map(paths)
                    }
                    target["InputTransformer"] = .map(members)
                }
                return .list([.map(target)])
            },
        ])
}
