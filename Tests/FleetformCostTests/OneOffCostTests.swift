import FleetformCost
import FleetformModel
import Testing

/// A rollout's overlap priced once, at green's on-demand rate, from the catalog the monthly bill uses.
struct OneOffCostTests {
    static func plan(instanceType: String, region: String = "us-east-1", nodeHours: Double) -> Plan {
        let group = ResourceAddress(type: "aws_autoscaling_group", name: "servers")
        let template = ResourceAddress(type: "aws_launch_template", name: "servers")
        let provider = ProviderConfig(region: region)
        let source = SourceLocation(file: "plans/inference.swift", line: 9)
        let record = RolloutRecord(
            group: group, launchTemplate: template, generation: 2,
            policy: RolloutPolicy(strategy: .canary(steps: [50], pauseSeconds: 300)), desired: 6, surge: 3,
            phases: [],
            declared: [
                ManifestResource(
                    address: template, provider: provider, attributes: ["instance_type": .string(instanceType)],
                    source: source),
                ManifestResource(
                    address: group, provider: provider, attributes: ["desired_capacity": 6], source: source),
            ])
        var plan = Plan(stack: "inference", environment: "prod", changes: [], priorLineage: "l", priorSerial: 4)
        plan.rollouts = [
            PlannedRollout(
                record: record, replaces: [], resuming: false, overlapNodeHours: nodeHours, instanceType: instanceType)
        ]
        return plan
    }

    static func estimate(instanceType: String, nodeHours: Double) -> CostDiff {
        CostEstimator(catalog: Fixtures.catalog).estimate(plan(instanceType: instanceType, nodeHours: nodeHours))
    }

    @Test func theOverlapIsPricedAtGreensOnDemandRate() throws {
        let hourly = try #require(Fixtures.rawInstance("g5.xlarge", "us-east-1")?["on_demand"] as? Double)
        let diff = Self.estimate(instanceType: "g5.xlarge", nodeHours: 2.5)
        let cost = try #require(diff.oneOff.first)
        #expect(diff.oneOff.count == 1)
        #expect(cost.hourly == hourly)
        #expect(cost.usd == (2.5 * hourly * 100).rounded() / 100)
        #expect(
            cost.line
                == "aws_autoscaling_group.servers: \(Money.usd(2.5 * hourly)) once for the rollout's overlap "
                + "(about 2.5 node-hours of g5.xlarge at \(Money.usd(hourly, decimals: 3))/hour on demand)")
        // The monthly bill is not moved by a one-off.
        #expect(diff.monthlyDelta == 0)
        guard case .map(let object)? = diff.oneOffAttributeValues[cost.address] else {
            Issue.record("no overlap_cost object for the pool")
            return
        }
        #expect(object["one_off_usd"] == .number((2.5 * hourly * 100).rounded() / 100))
        #expect(object["node_hours"] == .number(2.5))
    }

    @Test func anUnknownTypeIsSaidToBeUnpricedNotFree() throws {
        let diff = Self.estimate(instanceType: "zz9.huge", nodeHours: 1)
        let cost = try #require(diff.oneOff.first)
        #expect(cost.usd == nil)
        #expect(cost.line.contains("rollout overlap not priced"))
        #expect(cost.line.contains("no on-demand price for zz9.huge in us-east-1"))
        guard case .map(let object) = cost.attributeValue else {
            Issue.record("the overlap cost is not a JSON object")
            return
        }
        #expect(object["one_off_usd"] == nil)
    }

    @Test func aRolloutWithoutOverlapCostsNothingOnce() {
        let diff = Self.estimate(instanceType: "g5.xlarge", nodeHours: 0)
        #expect(diff.oneOff.isEmpty)
    }

    @Test func everyCostReportFormatShowsTheOneOff() throws {
        let diff = Self.estimate(instanceType: "g5.xlarge", nodeHours: 2.5)
        let line = try #require(diff.oneOffLines.first)
        let document = CostDocument(diff: diff)
        #expect(CostReportFormat.table.render(document).contains("One-off: " + line + "\n"))
        #expect(CostReportFormat.markdown.render(document).contains("One-off: " + line))
        #expect(CostReportFormat.html.render(document).contains("<p>One-off: aws_autoscaling_group.servers: $"))
        let json = CostReportFormat.json.render(document)
        #expect(json.contains("\"one_off\""))
        #expect(json.contains("\"one_off_usd\""))
    }
}
