import FleetformModel
import Foundation
import Testing

@testable import FleetformCost

@Suite struct CostReportRendererTests {
    let report = Fixtures.estimator.estimate(Fixtures.trainingManifest())

    func json(_ document: CostDocument) throws -> [String: Any] {
        let text = CostReportFormat.json.render(document)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func jsonTotalsEqualTheTableTotals() throws {
        let document = CostDocument(report: report)
        let object = try json(document)
        let totals = try #require(object["totals"] as? [String: Any])
        let monthly = try #require(totals["monthly"] as? Double)
        let table = CostReportFormat.table.render(document)
        let totalLine = try #require(table.split(separator: "\n").first { $0.hasPrefix("TOTAL") })
        #expect(totalLine.contains(Money.usd(monthly)))
        // The JSON resources add up to the JSON total, to the cent.
        let resources = try #require(object["resources"] as? [[String: Any]])
        let sum = resources.reduce(0.0) { $0 + ($1["monthly"] as! Double) }
        #expect(abs(sum - monthly) <= 0.005 * Double(resources.count))
        #expect((object["catalog"] as? [String: Any])?["snapshot_date"] as? String == "2026-11-21")
    }

    @Test func csvHasAHeaderAndOneRowPerResource() {
        let csv = CostReportFormat.csv.render(CostDocument(report: report))
        let rows = csv.split(separator: "\r\n")
        #expect(rows.count == report.resources.count + 1)
        #expect(
            rows[0].hasPrefix(
                "address,type,region,status,on-demand_monthly,spot_monthly,reserved_monthly,hourly,monthly"))
        let monthlyColumn = rows[0].split(separator: ",").firstIndex(of: "monthly")!
        let sum = rows.dropFirst().reduce(0.0) { total, row in
            // Notes may contain quoted commas; the amounts come before them.
            total + Double(row.split(separator: ",")[monthlyColumn])!
        }
        #expect(abs(sum - report.monthlyTotal) < 0.01 * Double(report.resources.count))
    }

    @Test func csvQuotesFieldsWithCommas() {
        #expect(CostCSVRenderer.field("a,b") == "\"a,b\"")
        #expect(CostCSVRenderer.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CostCSVRenderer.field("plain") == "plain")
    }

    @Test func markdownIsAPullRequestCommentWithTheDiff() {
        let doubled = Fixtures.estimator.estimate(
            PlanFixture.plan(from: Fixtures.trainingManifest(), to: Fixtures.trainingManifest(desired: 8)))
        let markdown = CostReportFormat.markdown.render(CostDocument(diff: doubled))
        #expect(markdown.contains("**" + doubled.costLine + "**"))
        #expect(markdown.contains("| update | `module.training.aws_autoscaling_group.trainers` |"))
        #expect(markdown.contains("| **Total** |"))
        #expect(markdown.contains("bundled snapshot 2026-11-21"))
    }

    @Test func htmlIsSelfContainedWithChartSplitAndTotals() {
        let html = CostReportFormat.html.render(CostDocument(report: report))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg role=\"img\" aria-label=\"Monthly cost by resource\""))
        #expect(html.contains("aria-label=\"Purchase option split\""))
        #expect(html.contains(Money.usd(report.monthlyTotal)))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src=\""))
    }

    @Test func groupsAddUpToTheTotal() {
        for grouping in [CostGrouping.type, .region, .purchaseOption, .tag("team"), .resource] {
            let groups = grouping.groups(report)
            let sum = groups.reduce(0.0) { $0 + $1.monthly }
            #expect(abs(sum - report.monthlyTotal) < 1e-6, "\(grouping)")
        }
        let byTeam = CostGrouping.tag("team").groups(report)
        #expect(byTeam.map(\.key).contains("research") && byTeam.map(\.key).contains("(no team tag)"))
        #expect(CostGrouping(argument: "tag:team") == .tag("team"))
        #expect(CostGrouping(argument: "colour") == nil)
    }

    @Test func moneyFormatting() {
        #expect(Money.usd(41230.4) == "$41,230.40")
        #expect(Money.usd(1234567.891, decimals: 0) == "$1,234,568")
        #expect(Money.signedUSD(-11750, decimals: 0) == "-$11,750")
        #expect(Money.signedUSD(0.001) == "$0.00")
        #expect(Money.plain(-0.001) == "0.00")
        #expect(Money.percent(11750, of: 41230) == "+28.5%")
        #expect(Money.percent(5, of: 0) == nil)
    }

    @Test func costLineMatchesThePlanFormat() {
        let before = CostReport(
            stack: "s", environment: "e", hoursPerMonth: 730, catalog: Fixtures.estimator.catalogInfo, resources: [])
        func report(_ monthly: Double) -> CostReport {
            let price = Price(usd: monthly, unit: "month", source: Fixtures.catalog.instanceSource)
            let r = ResourceCost(
                address: Fixtures.address("aws_eks_cluster.x"), type: "aws_eks_cluster", region: "us-east-1",
                status: .priced,
                components: [CostComponent(name: "x", monthlyQuantity: 1, unit: "month", price: price)])
            return CostReport(stack: "s", environment: "e", hoursPerMonth: 730, catalog: before.catalog, resources: [r])
        }
        let diff = CostDiff(before: report(41230), after: report(52980))
        #expect(diff.costLine == "Monthly cost: $41,230 → $52,980 (+$11,750, +28.5%)")
        #expect(CostDiff(before: report(10), after: report(10)).costLine == "Monthly cost: $10 (no change)")
        #expect(CostDiff(before: before, after: report(10)).costLine == "Monthly cost: $0 → $10 (+$10)")
        let object = diff.costObject(for: Fixtures.address("aws_eks_cluster.x"))
        #expect(object == PlanCostObject(monthlyBefore: 41230, monthlyAfter: 52980, monthlyDelta: 11750))
        #expect(
            diff.costAttributeValues[Fixtures.address("aws_eks_cluster.x")]
                == ["monthly_before": 41230, "monthly_after": 52980, "monthly_delta": 11750])
        let encoded = String(decoding: try! JSONEncoder().encode(object!), as: UTF8.self)
        #expect(encoded.contains("\"monthly_delta\":11750"))
    }
}

@Suite struct CostDiffRenderingTests {
    @Test func diffTablesListOnlyWhatMovesTheBill() {
        var doubled = Fixtures.trainingManifest(desired: 8)
        // A change with no cost impact: a new tag on the VPC.
        doubled.resources[0].attributes["tags"] = ["owner": "ml-platform"]
        let diff = Fixtures.estimator.estimate(PlanFixture.plan(from: Fixtures.trainingManifest(), to: doubled))
        #expect(
            diff.costRelevantChanges.map(\.address.description) == ["module.training.aws_autoscaling_group.trainers"])
        #expect(diff.changesWithoutCostImpact == 1)
        let table = CostReportFormat.table.render(CostDocument(diff: diff))
        #expect(table.contains("(1 more change with no cost impact)"))
        #expect(table.hasSuffix(diff.costLine + "\n"))
        let markdown = CostReportFormat.markdown.render(CostDocument(diff: diff))
        #expect(markdown.contains("1 more planned change with no cost impact."))
        #expect(!markdown.contains("`aws_vpc.core` | $0.00"))
    }
}
