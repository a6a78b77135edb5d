import ArgumentParser
import FleetformForecast
import Foundation

/// `--method` of `forecast` and `--model` of `recommend`.
extension ForecastMethod: ExpressibleByArgument {}
/// `--intervals` of `forecast` and its backtest.
extension IntervalSource: ExpressibleByArgument {}

extension Fleetform {
    /// `fleetform forecast`: hourly demand forecasts with prediction intervals from a CSV file
    /// (the default `run` subcommand), and `fleetform forecast backtest` to score models.
    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract:
                "Forecast hourly demand series (naive, seasonal naive, ETS, MSTL or auto) with prediction intervals.",
            discussion: """
                Example: fleetform forecast --input demand.csv --id-column series_id --horizon 168 --season 24,168 --level 80 --level 95
                auto picks per series by rolling-origin cross-validation on the tail of the history.
                """,
            subcommands: [RunCommand.self, BacktestCommand.self],
            defaultSubcommand: RunCommand.self
        )
    }
}
