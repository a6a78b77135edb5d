import ArgumentParser
import FleetformForecast
import FleetformOperations
import Foundation

extension Fleetform.Forecast {
    /// `fleetform forecast backtest`: cut the last hours off every series, forecast them from
    /// the rest, and score each model.
    struct BacktestCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "Hold out the last hours of every series and score each model on them.",
            discussion: """
                Prints per model: mean and median MASE (seasonal scale 24 from the training part, over series \
                whose scale is non-zero), pooled MASE (ΣMAE / Σscale), mean sMAPE, interval coverage and wall time.
                Example: fleetform forecast backtest --input demand.csv --holdout 168 --model naive --model auto
                """
        )

        @OptionGroup var data: ForecastDataOptions

        @Option(help: "Hours held out at the end of every series (and forecast).")
        var holdout: Int

        @Option(help: "Models to score (repeatable; default: all).")
        var model: [ForecastMethod] = ForecastMethod.allCases

        @Option(help: "Season of the MASE scale in hours.")
        var maseSeason: Int = 24

        @Option(help: "Output format: table or json.")
        var format: ForecastOutputFormat = .table

        func validate() throws {
            guard holdout >= 1 else { throw ValidationError("--holdout must be at least 1 hour") }
            guard maseSeason >= 1 else { throw ValidationError("--mase-season must be at least 1 hour") }
            guard format != .csv else {
                throw ValidationError("--format csv is not offered for backtests; use table or json")
            }
        }

        func run() async throws {
            let series = try data.readSeries()
            let backtest = Backtest(holdout: holdout, maseSeason: maseSeason)
            let levels = data.levels
            var rows: [(model: ForecastMethod, summary: Backtest.Summary, seconds: Double)] = []
            for method in model {
                let forecaster = Forecaster(
                    method: method, seasons: data.seasons, levels: levels, intervals: data.intervals)
                let clock = ContinuousClock()
                let start = clock.now
                let scores = await ForecastPanelRunner(label: "fleetform forecast backtest \(method.rawValue)").run(
                    series
                ) { item in
                    backtest.score(item, forecaster: forecaster)
                }
                let elapsed = start.duration(to: clock.now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                let scored = scores.compactMap { $0 }
                if scored.isEmpty {
                    throw OperationError("\(data.input): no series is longer than --holdout \(holdout) + 2 hours")
                }
                rows.append((method, Backtest.summarize(scored, levels: levels.count), seconds))
            }
            print(format == .json ? Self.json(rows, levels: levels) : Self.table(rows, levels: levels), terminator: "")
        }

        static func table(
            _ rows: [(model: ForecastMethod, summary: Backtest.Summary, seconds: Double)], levels: [Double]
        ) -> String {
            func value(_ x: Double?, _ digits: Int = 3) -> String {
                x.map { String(format: "%.\(digits)f", $0) } ?? "-"
            }
            var table = [
                ["MODEL", "SERIES", "MEAN MASE", "MEDIAN MASE", "POOLED MASE", "SMAPE %"]
                    + levels.map { "COVER \(ForecastOutputFormat.number($0))" } + ["WALL S"]
            ]
            for row in rows {
                let s = row.summary
                table.append(
                    [
                        row.model.rawValue, "\(s.series) (\(s.scaledSeries) scaled)", value(s.meanMASE),
                        value(s.medianMASE), value(s.pooledMASE), value(s.meanSMAPE, 2),
                    ]
                        + s.coverage.map { value($0) } + [value(row.seconds, 2)])
            }
            return ForecastOutputFormat.alignedColumns(table)
        }

        static func json(
            _ rows: [(model: ForecastMethod, summary: Backtest.Summary, seconds: Double)], levels: [Double]
        ) -> String {
            func value(_ x: Double?) -> String { x.map(ForecastOutputFormat.number) ?? "null" }
            let items = rows.map { row in
                let s = row.summary
                let coverage = zip(levels, s.coverage).map {
                    "{\"level\":\(ForecastOutputFormat.number($0)),\"coverage\":\(value($1))}"
                }
                return
                    "{\"model\":\"\(row.model.rawValue)\",\"series\":\(s.series),\"scaled_series\":\(s.scaledSeries),"
                    + "\"mean_mase\":\(value(s.meanMASE)),\"median_mase\":\(value(s.medianMASE)),\"pooled_mase\":\(value(s.pooledMASE)),"
                    + "\"smape\":\(value(s.meanSMAPE)),\"coverage\":[\(coverage.joined(separator: ","))],\"wall_seconds\":\(value(row.seconds))}"
            }
            return "{\"models\":[\(items.joined(separator: ","))]}\n"
        }
    }
}
