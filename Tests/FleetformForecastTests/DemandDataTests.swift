import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformForecast

/// Tests on the real Alibaba-derived demand series vendored in `data/demand`.
@Suite struct DemandDataTests {
    static var demandFolder: URL { TestData.folder("demand") }

    static func dlrmPanel() throws -> [HourlySeries] {
        let text = try String(
            contentsOf: demandFolder.appendingPathComponent("dlrm_app_hourly_gpu.csv"), encoding: .utf8)
        return try SeriesCSVReader(timeColumn: "hour", valueColumn: "gpus", idColumn: "series_id").read(text)
    }

    @Test func autoBeatsOrTiesNaiveOnTheDLRMTotal() throws {
        let panel = try Self.dlrmPanel()
        #expect(panel.count == 119)
        let total = try #require(panel.first { $0.id == "__total__" })
        #expect(total.values.count == 744 && total.filledHours.isEmpty)
        let backtest = Backtest(holdout: 168)
        let auto = try #require(backtest.score(total, forecaster: Forecaster(method: .auto, levels: [90])))
        let naive = try #require(backtest.score(total, forecaster: Forecaster(method: .naive, levels: [90])))
        #expect(auto.mase! <= naive.mase!, "auto \(auto.model) MASE \(auto.mase!) vs naive \(naive.mase!)")
    }
}
