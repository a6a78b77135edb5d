import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformForecast

/// The robustness panel vendored in `data/forecast` (see its README): present, complete, and
/// read by the same CSV reader the CLI uses.
@Suite struct RobustnessDataTests {
    static func read(_ path: String, time: String, value: String, id: String? = nil) throws -> [HourlySeries] {
        let text = try String(contentsOf: TestData.folder("forecast").appendingPathComponent(path), encoding: .utf8)
        return try SeriesCSVReader(timeColumn: time, valueColumn: value, idColumn: id).read(text)
    }

    @Test func everySeriesIsCompleteAndAsLongAsItsSourceSays() throws {
        let taylor = try Self.read("taylor/taylor_halfhourly_demand.csv", time: "half_hour", value: "megawatts")
        #expect(taylor.count == 1 && taylor[0].values.count == 4032 && taylor[0].filledHours.isEmpty)
        #expect(taylor[0].values.prefix(3) == [22262, 21756, 22247])
        // statsmodels' copy, kept byte for byte: local times without an offset, so read by hand.
        let victoria = try String(
            contentsOf: TestData.folder("forecast").appendingPathComponent("elec_vic/mstl_elec_vic.csv"),
            encoding: .utf8
        ).split(separator: "\n")
        #expect(victoria.count == 3601 && victoria[0] == "ds,y")
        #expect(victoria[1].hasPrefix("2012-01-01 00:00:00,") && victoria[3600].hasPrefix("2012-05-29 23:00:00,"))
        #expect(victoria.dropFirst().allSatisfy { Double($0.split(separator: ",")[1]).map { $0 > 0 } ?? false })
        for airport in ["EWR", "JFK", "LGA"] {
            let departures = try Self.read("nycflights13/nyc_hourly_departures.csv", time: "time", value: airport)
            #expect(departures.count == 1 && departures[0].values.count == 8760 && departures[0].filledHours.isEmpty)
            #expect(departures[0].values.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
        }
    }
}
