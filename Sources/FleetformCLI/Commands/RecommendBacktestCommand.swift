import ArgumentParser
import FleetformCapacity
import FleetformForecast
import Foundation

/// `fleetform recommend backtest`: plan from a forecast made at a cut and score the plan and
/// the baselines on what actually happened.
struct RecommendBacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract:
            "Hold out the last hours, plan from a forecast at the cut, and score plan and baselines on the actuals.",
        discussion: """
            Strategies: the plan; static peak on-demand (the history's peak every hour); reactive (last hour's \
            demand, on-demand); the hindsight oracle (optimal for the actual demand, same constraints). An hour is \
            covered when actual demand fits in the capacity left after the largest spot pool is lost.
            Example: fleetform recommend backtest --demand dlrm_app_hourly_gpu.csv --accelerator H100 --region us-east-1 \
            --holdout 168 --series __total__ --largest 5
            """)

    @OptionGroup var options: RecommendOptions

    @Option(help: "Hours held out at the end and planned for.")
    var holdout: Int = 168

    @Option(help: "Series to score (repeatable; default: __total__ when present, else the only series).")
    var series: [String] = []

    @Option(help: "Also score the N series with the largest mean demand (other than __total__).")
    var largest: Int = 0

    @Option(help: "Output format: table or json.")
    var format: RecommendOutputFormat = .table

    func validate() throws {
        guard holdout >= 1 else { throw ValidationError("--holdout must be at least 1 hour") }
        guard largest >= 0 else { throw ValidationError("--largest must not be negative") }
        guard format != .markdown else { throw ValidationError("--format markdown is not offered for backtests") }
    }

    func run() async throws {
        let planner = try options.planner()
        let all = try options.readSeries()
        var chosen = try options.select(series.isEmpty && largest > 0 ? [] : series, from: all)
        if largest > 0 {
            let ranked = all.filter { $0.id != "__total__" }.sorted {
                ($0.values.reduce(0, +) / Double(max(1, $0.values.count)), $1.id)
                    > ($1.values.reduce(0, +) / Double(max(1, $1.values.count)), $0.id)
            }
            for item in ranked.prefix(largest) where !chosen.contains(where: { $0.id == item.id }) {
                chosen.append(item)
            }
        }
        let backtest = CapacityBacktest(
            planner: planner, holdout: holdout, forecaster: options.forecaster,
            quantileSource: options.quantileSource)
        var results: [CapacityBacktest.Result] = []
        for item in chosen { results.append(try backtest.run(item)) }
        print(format == .json ? CapacityBacktest.json(results) : CapacityBacktest.table(results), terminator: "")
    }
}
