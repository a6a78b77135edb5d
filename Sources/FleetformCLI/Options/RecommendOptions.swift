import ArgumentParser
import FleetformCapacity
import FleetformCost
import FleetformForecast
import FleetformModel
import FleetformOperations
import Foundation

/// `--quantile-source conformal|model` of `recommend`.
extension QuantileSource: ExpressibleByArgument {}

/// Flags shared by `fleetform recommend` and `fleetform recommend backtest`: the demand file,
/// the market and the assumptions.
struct RecommendOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Hourly demand CSV (as for 'fleetform forecast').", valueName: "FILE.csv"))
    var demand: String

    @Option(help: "The time column (default: hour, time, timestamp or ds).")
    var timeColumn: String?

    @Option(help: "The value column (default: value, y, gpus or demand).")
    var valueColumn: String?

    @Option(help: "The series id column of a long-format panel (default: series_id, id or unique_id if present).")
    var idColumn: String?

    @Option(help: "Accelerator class, as the catalog names it (H100, A100, L4, …).")
    var accelerator: String

    @Option(help: "AWS region.")
    var region: String

    @Option(help: "Probability that available capacity covers demand in an hour.")
    var slo: Double = 0.99

    @Option(help: "Discount of reserved / savings-plan capacity against on-demand.")
    var reservedDiscount: Double = 0.40

    @Option(help: ArgumentHelp("Cap on the spot share of GPUs in any hour.", valueName: "S"))
    var maxSpotShare: Double?

    @Option(help: "Monthly interruption frequency (percent) assumed for the spot advisor's '>20%' bucket.")
    var openBucketInterruption: Double = 40

    @Option(help: "Forecasting model.")
    var model: ForecastMethod = .auto

    @Option(
        help:
            "Where the planned demand quantile comes from: conformal (calibrated on the series' own past) or model (the forecasting model's interval)."
    )
    var quantileSource: QuantileSource = .conformal

    @OptionGroup var season: SeasonOptions

    @Option(help: "Price catalog file (default: the refreshed cache, else the bundled snapshot).")
    var priceCatalog: String?

    @OptionGroup var project: ProjectOptions

    var assumptions: CapacityAssumptions {
        CapacityAssumptions(
            serviceLevel: slo, reservedDiscount: reservedDiscount, maxSpotShare: maxSpotShare,
            openBucketInterruptionPercent: openBucketInterruption)
    }

    var forecaster: Forecaster {
        Forecaster(method: model, seasons: season.seasons)
    }

    func validate() throws {
        do { try assumptions.validate() } catch { throw ValidationError(error.message) }
        guard openBucketInterruption > 20 && openBucketInterruption < 100 else {
            throw ValidationError("--open-bucket-interruption must lie in (20, 100), got \(openBucketInterruption)")
        }
    }

    /// The planner for the market in the price catalog.
    func planner() throws -> CapacityPlanner {
        let prices = try PriceCatalog.load(from: priceCatalog.map { URL(fileURLWithPath: $0) })
        let market = try AcceleratorMarket(
            accelerator: accelerator, region: region, instances: InstanceCatalog.bundled, prices: prices)
        return CapacityPlanner(market: market, assumptions: assumptions)
    }

    /// Every series of the demand file.
    func readSeries() throws -> [HourlySeries] {
        try ForecastDataOptions.readSeries(
            file: demand, flag: "--demand", timeColumn: timeColumn, valueColumn: valueColumn, idColumn: idColumn,
            command: "fleetform recommend")
    }

    /// The series named `ids` (default: `__total__` when present, else the only series).
    func select(_ ids: [String], from series: [HourlySeries]) throws -> [HourlySeries] {
        if ids.isEmpty {
            if series.count == 1 { return series }
            if let total = series.first(where: { $0.id == "__total__" }) { return [total] }
            throw OperationError(
                "\(demand) holds \(series.count) series; name one with --series (e.g. --series \(series[0].id))")
        }
        return try ids.map { id in
            guard let found = series.first(where: { $0.id == id }) else {
                throw OperationError(
                    "\(demand) has no series '\(id)'; it has \(series.prefix(5).map(\.id).joined(separator: ", "))\(series.count > 5 ? ", …" : "")"
                )
            }
            return found
        }
    }
}
