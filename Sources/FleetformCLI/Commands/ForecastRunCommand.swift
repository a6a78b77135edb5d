import ArgumentParser
import FleetformForecast

extension Fleetform.Forecast {
    /// `fleetform forecast [run]`: forecasts every series of the input and prints them as JSON,
    /// CSV or a table.
    struct RunCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Forecast every series of a CSV file (the default: 'fleetform forecast --input …' runs this)."
        )

        @OptionGroup var data: ForecastDataOptions

        @Option(help: "Hours to forecast after the last observation.")
        var horizon: Int

        @Option(help: "The model: \(ForecastMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
        var model: ForecastMethod = .auto

        @Option(help: "Output format: json, csv or table.")
        var format: ForecastOutputFormat = .json

        func validate() throws {
            guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1 hour") }
        }

        func run() async throws {
            let series = try data.readSeries()
            let forecaster = Forecaster(
                method: model, seasons: data.seasons, levels: data.levels, intervals: data.intervals)
            let forecasts = await ForecastPanelRunner(label: "fleetform forecast").run(series) { [horizon] item in
                forecaster.forecast(item.values, horizon: horizon)
            }
            let named = zip(series, forecasts).map { (id: $0.id, forecast: $1) }
            print(format.render(named), terminator: "")
        }
    }
}
