import FleetformCost
import FleetformForecast
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformCapacity

/// The issue's bars on the real DLRM demand (`data/demand`): H100 in us-east-1 with
/// the bundled prices, the last 168 hours held out, `__total__` and the five largest apps.
@Suite struct CapacityBacktestTests {
    static var demandFile: URL { TestData.folder("demand").appendingPathComponent("dlrm_app_hourly_gpu.csv") }

    static func h100Planner(_ assumptions: CapacityAssumptions = CapacityAssumptions()) throws -> CapacityPlanner {
        let market = try AcceleratorMarket(
            accelerator: "H100", region: "us-east-1", instances: .bundled, prices: PriceCatalog.bundled())
        return CapacityPlanner(market: market, assumptions: assumptions)
    }

    @Test func theH100MarketHasSixSpotPools() throws {
        let planner = try Self.h100Planner()
        #expect(planner.market.choices.map(\.instanceType) == ["p5.48xlarge"])
        #expect(planner.candidatePools.count == 6)
        #expect(planner.risk.keptPools.count == 6)
        #expect(planner.risk.demandQuantile > 0.99)
    }

    @Test func meetsTheIssueBarsOnTheDLRMTraces() throws {
        let text = try String(contentsOf: Self.demandFile, encoding: .utf8)
        let panel = try SeriesCSVReader(timeColumn: "hour", valueColumn: "gpus", idColumn: "series_id").read(text)
        let apps = panel.filter { $0.id != "__total__" }.sorted {
            $0.values.reduce(0, +) > $1.values.reduce(0, +)
        }
        let chosen = [panel.first { $0.id == "__total__" }!] + apps.prefix(5)
        let backtest = CapacityBacktest(planner: try Self.h100Planner(), holdout: 168)
        for series in chosen {
            let result = try backtest.run(series)
            let plan = try #require(result.score("plan"))
            #expect(plan.coveredHours >= 0.99 * Double(plan.hours), "\(series.id): covered \(plan.coveredHours)")
            #expect(try #require(result.savingVersusStaticPeak) >= 0.5, "\(series.id)")
            #expect(try #require(result.excessOverOracle) <= 0.2, "\(series.id)")
            // The oracle is optimal for the actual demand: it covers every hour, and a plan that covered
            // every hour is a feasible answer to the oracle's problem, so it cannot be cheaper.
            let oracle = try #require(result.score("hindsight_oracle"))
            #expect(oracle.coveredAfterWorstLoss == oracle.hours)
            if plan.coveredAfterWorstLoss == plan.hours { #expect(oracle.cost <= plan.cost + 1e-6) }
        }
    }
}
