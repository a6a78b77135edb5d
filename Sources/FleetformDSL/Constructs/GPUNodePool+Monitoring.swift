/// What a pool is watched for; each alert goes to the stack's alert topic (see `Alerts`).
///
/// ```swift
/// GPUNodePool("trainers", network: net).monitoring(.standard)              // on outside production too
/// GPUNodePool("batch", network: net).monitoring(.standard.idle(below: nil)) // no idle alarm
/// GPUNodePool("scratch", network: net).monitoring(.off)                    // nothing, also in production
/// ```
public struct PoolMonitoring: Hashable, Sendable {
    /// An alarm when in-service instances stay below the desired size for 10 minutes.
    public var capacityShortfall: Bool
    /// An alarm when average GPU utilisation stays below this percentage for an hour (nil: none).
    public var idleBelowPercent: Double?
    /// An alarm when average GPU utilisation stays above this percentage for 15 minutes (nil: none).
    public var saturatedAbovePercent: Double?
    /// Spot interruption warnings and rebalance recommendations sent to the topic.
    public var interruptionAlerts: Bool

    /// Every alert: capacity shortfall, idle below 10 %, saturated above 95 %, interruptions.
    /// The default in production.
    public static let standard = PoolMonitoring(
        capacityShortfall: true, idleBelowPercent: 10, saturatedAbovePercent: 95, interruptionAlerts: true)
    /// No alerts. The default outside production.
    public static let off = PoolMonitoring(
        capacityShortfall: false, idleBelowPercent: nil, saturatedAbovePercent: nil, interruptionAlerts: false)

    /// The alerts named; leave out what the pool should not raise.
    public init(
        capacityShortfall: Bool, idleBelowPercent: Double?, saturatedAbovePercent: Double?, interruptionAlerts: Bool
    ) {
        self.capacityShortfall = capacityShortfall
        self.idleBelowPercent = idleBelowPercent
        self.saturatedAbovePercent = saturatedAbovePercent
        self.interruptionAlerts = interruptionAlerts
    }

    /// The same with the idle alarm's threshold `percent` (nil: no idle alarm).
    public func idle(below percent: Double?) -> PoolMonitoring {
        var copy = self
        copy.idleBelowPercent = percent
        return copy
    }

    /// The same with the saturation alarm's threshold `percent` (nil: no saturation alarm).
    public func saturated(above percent: Double?) -> PoolMonitoring {
        var copy = self
        copy.saturatedAbovePercent = percent
        return copy
    }

    /// The same with or without the capacity shortfall alarm.
    public func capacityShortfall(_ on: Bool) -> PoolMonitoring {
        var copy = self
        copy.capacityShortfall = on
        return copy
    }

    /// The same with or without interruption alerts.
    public func interruptionAlerts(_ on: Bool) -> PoolMonitoring {
        var copy = self
        copy.interruptionAlerts = on
        return copy
    }

    var isOff: Bool { self == .off }
}

extension GPUNodePool {
    /// The namespace and metric of GPU utilisation as the CloudWatch agent publishes it from
    /// NVIDIA DCGM (`DCGM_FI_DEV_GPU_UTIL`, per group with `AutoScalingGroupName` aggregation).
    public static let gpuUtilisationMetric = (namespace: "CWAgent", name: "DCGM_FI_DEV_GPU_UTIL")

    /// What the pool is watched for (see `PoolMonitoring`); by default `.standard` in production
    /// and `.off` elsewhere. `.monitoring(.off)` in production is a relaxation: the plan shows the
    /// pool's alarms go.
    public func monitoring(_ monitoring: PoolMonitoring, file: String = #filePath, line: Int = #line) -> GPUNodePool {
        var copy = self
        copy.monitoringChoice = monitoring
        copy.monitoringSite = SourceLocation(file: file, line: line)
        return copy
    }

    /// The monitoring in effect in `context`'s environment.
    func resolvedMonitoring(in context: SynthesisContext) -> PoolMonitoring {
        monitoringChoice ?? (context.environment.isProduction ? .standard : .off)
    }

    /// The pool's alarms and interruption alerts, once the stack body (and its `Alerts`) is known.
    func expandMonitoring(in context: SynthesisContext, region: Region) {
        let monitoring = resolvedMonitoring(in: context)
        guard !monitoring.isOff else { return }
        let location = monitoringSite ?? site.location
        for (name, threshold) in [
            ("idle", monitoring.idleBelowPercent), ("saturated", monitoring.saturatedAbovePercent),
        ]
        where threshold.map({ !(0...100).contains($0) }) ?? false {
            context.error(
                "pool '\(self.name)': the \(name) GPU threshold \(threshold ?? 0) % is outside 0…100",
                hint: "use a percentage from 0 to 100", at: location)
        }
        if cluster != nil,
            monitoring.capacityShortfall || monitoring.idleBelowPercent != nil
                || monitoring.saturatedAbovePercent != nil, monitoringChoice != nil
        {
            context.error(
                "pool '\(self.name)': capacity and GPU alarms need the pool's own Auto Scaling group; an EKS managed node group's group is named by EKS",
                hint: "keep only .interruptionAlerts(true) for a cluster pool, or watch it with Container Insights",
                at: location)
        }
        context.afterBody {
            let topic = AlertTopic.arn(in: region, context: context, at: location)
            if monitoring.interruptionAlerts {
                AlertTopic.includeInterruptionRule(in: region, context: context, at: location)
            }
            guard cluster == nil else { return }
            let group = context.physicalName(for: groupAddress, maxLength: 255)
            let groupName = AttributeValue.reference(ResourceReference(groupAddress, "name"))
            if monitoring.capacityShortfall {
                let metric = { (id: String, name: String) -> AttributeValue in
                    [
                        "id": .string(id), "return_data": false,
                        "metric": [
                            "namespace": "AWS/AutoScaling", "metric_name": .string(name), "period": 60,
                            "stat": "Average",
                            "dimensions": ["AutoScalingGroupName": groupName],
                        ],
                    ]
                }
                emitAlarm(
                    "capacity", context: context, region: region, topic: topic, at: location,
                    description:
                        "Pool \(self.name): fewer instances in service than desired for 10 minutes (capacity not available, or instances failing to launch).",
                    attributes: [
                        "comparison_operator": "GreaterThanThreshold", "threshold": 0, "evaluation_periods": 10,
                        "datapoints_to_alarm": 10, "treat_missing_data": "notBreaching",
                        "metric_query": [
                            metric("desired", "GroupDesiredCapacity"), metric("in_service", "GroupInServiceInstances"),
                            [
                                "id": "shortfall", "expression": "desired - in_service",
                                "label": "Instances short of desired", "return_data": true,
                            ],
                        ],
                    ])
                AlertTopic.addWidget(
                    AlertTopic.widget(
                        title: "\(self.name): desired and in service", region: region,
                        metrics: [
                            ["AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", group],
                            ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", group],
                        ]), context: context)
            }
            let gpu = Self.gpuUtilisationMetric
            let gpuMetric: [String: AttributeValue] = [
                "namespace": .string(gpu.namespace), "metric_name": .string(gpu.name), "statistic": "Average",
                "dimensions": ["AutoScalingGroupName": groupName],
            ]
            // Utilisation alarms say how busy the pool is, not whether a rollout's green is healthy.
            let utilisation: [(kind: String, percent: Double?, comparison: String, periods: Int, meaning: String)] = [
                (
                    "gpu_idle", monitoring.idleBelowPercent, "LessThanThreshold", 12,
                    "below %@ % utilisation for an hour (paid for and unused)"
                ),
                (
                    "gpu_saturated", monitoring.saturatedAbovePercent, "GreaterThanThreshold", 3,
                    "above %@ % utilisation for 15 minutes (work is queueing)"
                ),
            ]
            for alarm in utilisation {
                guard let percent = alarm.percent else { continue }
                let meaning = alarm.meaning.replacingOccurrences(of: "%@", with: AttributeValue.format(percent))
                emitAlarm(
                    alarm.kind, context: context, region: region, topic: topic, at: location, gatesRollouts: false,
                    description: "Pool \(self.name): GPUs \(meaning).",
                    attributes: gpuMetric.merging([
                        "comparison_operator": .string(alarm.comparison), "threshold": .number(percent), "period": 300,
                        "evaluation_periods": .number(Double(alarm.periods)), "treat_missing_data": "missing",
                    ]) { _, new in new })
            }
            if monitoring.idleBelowPercent != nil || monitoring.saturatedAbovePercent != nil {
                AlertTopic.addWidget(
                    AlertTopic.widget(
                        title: "\(self.name): GPU utilisation (%)", region: region,
                        metrics: [[gpu.namespace, gpu.name, "AutoScalingGroupName", group]]), context: context)
            }
        }
    }

    /// The metrics the pool's group collects for its capacity alarm (none when it has none).
    func enabledGroupMetrics(in context: SynthesisContext) -> [String] {
        resolvedMonitoring(in: context).capacityShortfall ? ["GroupDesiredCapacity", "GroupInServiceInstances"] : []
    }

    private func emitAlarm(
        _ kind: String, context: SynthesisContext, region: Region, topic: AttributeValue, at location: SourceLocation,
        gatesRollouts: Bool = true, description: String, attributes: [String: AttributeValue]
    ) {
        let address = site.address("aws_cloudwatch_metric_alarm", name + "_" + kind)
        var options = options
        if !gatesRollouts { options.tags[RolloutPolicy.gateTag] = "false" }
        var all = attributes
        all["alarm_name"] = .string(context.physicalName(for: address, maxLength: 255))
        all["alarm_description"] = .string(description)
        all["alarm_actions"] = [topic]
        all["ok_actions"] = [topic]
        context.emit(context.resource(address, region: region, attributes: all, options: options, at: location))
    }
}
