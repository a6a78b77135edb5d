import ArgumentParser
import FleetformCapacity
import FleetformForecast
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform recommend`: the cheapest GPU capacity that meets the SLO for a demand
    /// forecast (the default `run` subcommand), and `fleetform recommend backtest`.
    struct Recommend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recommend",
            abstract: "Recommend reserved, on-demand and spot GPU capacity for a demand forecast.",
            discussion: """
                Example: fleetform recommend --demand demand.csv --accelerator H100 --region us-east-1 --horizon 168
                The plan covers the demand quantile the SLO asks for, keeps coverage after the loss of any one \
                spot pool (an instance type in one zone), and is optimal for that demand.
                """,
            subcommands: [RecommendRunCommand.self, RecommendBacktestCommand.self, RecommendSolveCommand.self],
            defaultSubcommand: RecommendRunCommand.self
        )
    }
}

/// How `fleetform recommend` prints a plan.
enum RecommendOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, table, markdown
}

/// `fleetform recommend [run]`.
struct RecommendRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Plan capacity for the next hours of one demand series.")

    @OptionGroup var options: RecommendOptions

    @Option(help: "The series to plan for (default: __total__ when present, else the only series).")
    var series: String?

    @Option(help: "Hours to plan.")
    var horizon: Int = 168

    @Option(help: "Output format: json, table or markdown.")
    var format: RecommendOutputFormat = .table

    @Option(
        help: ArgumentHelp("Also write the plan's JSON to this file (e.g. capacity/trainers.json).", valueName: "FILE"))
    var write: String?

    func validate() throws {
        guard horizon >= 1 && horizon <= 24 * 90 else { throw ValidationError("--horizon must lie in 1…2160 hours") }
    }

    func run() async throws {
        let planner = try options.planner()
        let item = try options.select(series.map { [$0] } ?? [], from: options.readSeries())[0]
        let demand = options.quantileSource.forecast(
            history: item.values, horizon: horizon, quantileLevel: planner.risk.demandQuantile,
            forecaster: options.forecaster)
        var plan = try planner.plan(demand)
        plan.firstHour = item.startHour + item.values.count
        if let write {
            let url = URL(fileURLWithPath: write)
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(plan.jsonDocument().utf8).write(to: url, options: .atomic)
            } catch {
                throw OperationError("\(write): cannot write the plan (\(error.localizedDescription)); check --write")
            }
        }
        switch format {
        case .json: print(plan.jsonDocument(), terminator: "")
        case .table: print(plan.table(), terminator: "")
        case .markdown: print(plan.markdown(), terminator: "")
        }
    }
}
