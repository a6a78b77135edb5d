import FleetformModel

/// What a rollout's gates read on AWS: an Auto Scaling group's instances in service
/// (`DescribeAutoScalingGroups`) and CloudWatch alarm states (`DescribeAlarms`).
///
/// An instance counts once its lifecycle state is `InService`: on AWS that comes after launch,
/// the group's health check grace period and, for a group attached to a load balancer target
/// group with ELB health checks, a passing health check.
///
/// ```swift
/// let probe = AWSRolloutProbe(client: provider.client)
/// let ready = try await probe.inServiceCount(group: "inference-prod-servers-g2", region: "us-east-1")
/// ```
public struct AWSRolloutProbe: RolloutProbe {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    public func inServiceCount(group name: String, region: String) async throws -> Int {
        var parameters = QueryParameters()
        parameters.setMembers("AutoScalingGroupNames", [name])
        let answer = try await client.query(.autoScaling, "DescribeAutoScalingGroups", parameters, region: region)
        return answer.all("LifecycleState").filter { $0.text == "InService" }.count
    }

    /// Metric alarms, read 100 names a call (DescribeAlarms' limit), those in `ALARM`.
    public func alarmsFiring(_ names: [String], region: String) async throws -> [String] {
        var firing: [String] = []
        for start in stride(from: 0, to: names.count, by: 100) {
            var parameters = QueryParameters()
            parameters.setMembers("AlarmNames", Array(names[start..<min(names.count, start + 100)]))
            parameters["StateValue"] = "ALARM"
            let answer = try await client.query(.monitoring, "DescribeAlarms", parameters, region: region)
            // The state is checked here too: moto 5.2.1 ignores `StateValue` when names are given.
            firing += answer.all("member").filter { $0.string("StateValue") == "ALARM" }.compactMap {
                $0.string("AlarmName")
            }
        }
        return Array(Set(firing)).sorted()
    }
}
