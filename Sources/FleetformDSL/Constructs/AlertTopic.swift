/// The stack's alert topic in a region (`aws_sns_topic.fleetform_alerts`, `…_<region>` elsewhere),
/// encrypted with a KMS key of the stack's, its policy (CloudWatch alarms and EventBridge rules may
/// publish) and a subscription per
/// subscriber of `Alerts`; or the existing topic `Alerts(topicARN:)` names. Also the per-region
/// EventBridge rule for spot interruptions and the stack's dashboard.
enum AlertTopic {
    /// The topic's address in `region`.
    static func address(in region: Region, context: SynthesisContext) -> ResourceAddress {
        ResourceAddress(type: "aws_sns_topic", name: context.regionalName("fleetform_alerts", in: region))
    }

    /// The ARN alarms and rules in `region` publish to: the existing topic, or the stack's topic
    /// there (made on first use). Call once the stack body has run (from `afterBody`).
    static func arn(in region: Region, context: SynthesisContext, at location: SourceLocation) -> AttributeValue {
        if let alerts = context.alerts, let topicARN = alerts.topicARN {
            if let topicRegion = alerts.topicRegion, topicRegion != region.code,
                context.firstExpansion(of: "alert-topic-region:\(region.code)")
            {
                context.error(
                    "alerts in \(region.code) cannot go to the topic in \(topicRegion): CloudWatch alarms and EventBridge rules publish only to a topic of their own region",
                    hint:
                        "drop the monitoring in \(region.code) (.monitoring(.off)) or let Fleetform make the topics (Alerts(.email(…)))",
                    at: alerts.site)
            }
            return .string(topicARN)
        }
        let address = address(in: region, context: context)
        let reference = AttributeValue.reference(ResourceReference(address, "arn"))
        guard context.firstExpansion(of: "alert-topic:\(region.code)") else { return reference }
        let name = context.physicalName(for: address, maxLength: 256)
        let site = context.alerts?.site ?? context.stackLocation
        let encryption = includeKey(in: region, context: context, at: site)
        var topicOptions = ConstructOptions()
        topicOptions.dependsOn = encryption.ready
        context.emit(
            context.resource(
                address, region: region,
                attributes: ["name": .string(name), "kms_master_key_id": .string(encryption.aliasName)],
                options: topicOptions, at: site))
        // Alarms and rules of this account publish; the ARN's account is left open (it is not
        // known before the first apply) and the name is unique to stack and environment.
        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Sid":"AlarmsAndRulesPublish","Effect":"Allow","#
            + #""Principal":{"Service":["cloudwatch.amazonaws.com","events.amazonaws.com"]},"#
            + #""Action":"sns:Publish","Resource":"arn:aws:sns:\#(region.code):*:\#(name)"}]}"#
        context.emit(
            context.resource(
                ResourceAddress(type: "aws_sns_topic_policy", name: address.name), region: region,
                attributes: ["arn": reference, "policy": .string(policy)], options: ConstructOptions(), at: site,
                taggable: false))
        for (index, subscriber) in (context.alerts?.subscribers ?? []).enumerated() {
            let (protocolName, endpoint): (String, String) =
                switch subscriber {
                case .email(let address): ("email", address)
                case .queue(let arn): ("sqs", arn)
                }
            context.emit(
                context.resource(
                    ResourceAddress(type: "aws_sns_topic_subscription", name: address.name, key: String(index)),
                    region: region,
                    attributes: [
                        "topic_arn": reference, "protocol": .string(protocolName), "endpoint": .string(endpoint),
                    ],
                    options: ConstructOptions(), at: site, taggable: false))
        }
        return reference
    }

    /// The customer-managed KMS key the alert topic in `region` is encrypted with (a `StackKey`):
    /// CloudWatch alarms and EventBridge rules may encrypt with it (SNS's AWS-managed key lets
    /// neither).
    private static func includeKey(in region: Region, context: SynthesisContext, at site: SourceLocation)
        -> StackKey
    {
        StackKey.include(
            "fleetform_alerts", in: region, purpose: "the alert topic",
            grants: [
                [
                    "Sid": "AlarmsAndRulesEncrypt", "Effect": "Allow",
                    "Principal": ["Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
                ]
            ], context: context, at: site)
    }

    /// The EventBridge rule in `region` that sends EC2's spot interruption warnings and rebalance
    /// recommendations to the alert topic. EC2's events name the instance only (not its group),
    /// so one rule per region covers every pool of the stack there.
    static func includeInterruptionRule(in region: Region, context: SynthesisContext, at location: SourceLocation) {
        guard context.firstExpansion(of: "interruption-rule:\(region.code)") else { return }
        let topic = arn(in: region, context: context, at: location)
        let rule = ResourceAddress(
            type: "aws_cloudwatch_event_rule", name: context.regionalName("fleetform_interruptions", in: region))
        let pattern =
            #"{"source":["aws.ec2"],"detail-type":["EC2 Spot Instance Interruption Warning","EC2 Instance Rebalance Recommendation"]}"#
        context.emit(
            context.resource(
                rule, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: rule, maxLength: 64)),
                    "description": .string(
                        "Spot interruption warnings and rebalance recommendations for stack \(context.stackName) (\(context.environment.name))"
                    ),
                    "event_pattern": .string(pattern),
                    "state": "ENABLED",
                ], options: ConstructOptions(), at: location))
        let stack = "\(context.stackName)/\(context.environment.name)"
        context.emit(
            context.resource(
                ResourceAddress(type: "aws_cloudwatch_event_target", name: rule.name), region: region,
                attributes: [
                    "rule": .reference(ResourceReference(rule, "name")),
                    "target_id": "alerts",
                    "arn": topic,
                    "input_transformer": [
                        "input_paths": [
                            "kind": "$.detail-type", "instance": "$.detail.instance-id", "region": "$.region",
                            "time": "$.time",
                        ],
                        "input_template": .string(
                            #""<kind>: instance <instance> in <region> at <time> (fleetform \#(stack)). Its pool replaces it; check the pool's capacity alarm if it does not.""#
                        ),
                    ],
                ], options: ConstructOptions(), at: location, taggable: false))
    }

    /// Adds a widget to the stack's dashboard, which is emitted once, after the body, in the
    /// primary region (widgets name their own region).
    static func addWidget(_ widget: AttributeValue, context: SynthesisContext) {
        context.dashboardWidgets.append(widget)
        guard context.firstExpansion(of: "dashboard") else { return }
        context.afterBody {
            let address = ResourceAddress(type: "aws_cloudwatch_dashboard", name: "fleetform")
            var widgets: [AttributeValue] = []
            for (index, widget) in context.dashboardWidgets.enumerated() {
                var placed = widget.mapValue ?? [:]
                placed["x"] = .number(Double(index % 2 * 12))
                placed["y"] = .number(Double(index / 2 * 6))
                placed["width"] = 12
                placed["height"] = 6
                widgets.append(.map(placed))
            }
            context.emit(
                context.resource(
                    address, region: context.primaryRegion,
                    attributes: [
                        "dashboard_name": .string(context.physicalName(for: address, maxLength: 255)),
                        "dashboard_body": .string(JSONWriter.string(["widgets": .list(widgets)])),
                    ], options: ConstructOptions(), at: context.stackLocation, taggable: false))
        }
    }

    /// A metric widget: `metrics` rows as CloudWatch writes them (`[namespace, name, dim, value]`).
    static func widget(title: String, region: Region, metrics: [[String]], stat: String = "Average") -> AttributeValue {
        [
            "type": "metric",
            "properties": [
                "title": .string(title), "region": .string(region.code), "stat": .string(stat), "period": 60,
                "view": "timeSeries",
                "metrics": .list(metrics.map { .list($0.map { .string($0) }) }),
            ],
        ]
    }
}
