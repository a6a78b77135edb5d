import ArgumentParser
import FleetformCost
import FleetformModel
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform cost`: what a stack costs, or what a plan changes in the bill.
    struct Cost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Estimate what a stack costs per month: per resource, per pool and per purchase option.",
            discussion: """
                Prices come from the price catalog: a refreshed cache (~/.fleetform/pricing/catalog.json or $FLEETFORM_PRICE_CATALOG) when present, else the snapshot bundled with Fleetform; every report names the catalog and its date. A month is 730 hours.

                Examples:
                  fleetform cost --stack training --env prod
                  fleetform cost --stack training --env prod --format html --out cost.html
                  fleetform cost --stack training --env staging --diff --format markdown > comment.md
                  fleetform cost --stack training --env prod --group-by purchase-option
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var planOptions: PlanFlags

        @Option(help: ArgumentHelp("Output format: table, json, csv, markdown or html.", valueName: "FORMAT"))
        var format: CostReportFormat = .table

        @Option(help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
        var out: String?

        @Option(
            name: .customLong("group-by"),
            help: ArgumentHelp("Aggregate by resource, type, region, purchase-option or tag:KEY.", valueName: "GROUP"))
        var groupBy: CostGrouping = .resource

        @Flag(help: "Price the plan: the current state's cost, the planned cost, and the change per resource.")
        var diff = false

        @Option(
            name: .customLong("price-catalog"),
            help: ArgumentHelp(
                "Price with this catalog file instead of the cache or the bundled snapshot.", valueName: "FILE"))
        var priceCatalog: String?

        @Flag(help: .hidden)
        var bench = false

        func run() async throws {
            let catalog = try CatalogLoader.load(priceCatalog)
            let estimator = CostEstimator(catalog: catalog)
            let project = global.project.value
            let pipeline = PlanPipeline(project: project, output: ProgressPrinter(json: false, root: project.root))
            if bench {
                let (_, manifest) = try pipeline.manifest(global.target, settings: planOptions.settings)
                Console.out(CostBenchmark.run(manifest: manifest, catalogFile: priceCatalog))
                return
            }
            let document: CostDocument
            if diff {
                let prepared = try await pipeline.prepare(
                    global.target, state: stateOptions.selection, settings: planOptions.settings, cloud: nil)
                document = CostDocument(
                    diff: estimator.estimate(prepared.plan, priorState: prepared.priorState), grouping: groupBy)
            } else {
                let (_, manifest) = try pipeline.manifest(global.target, settings: planOptions.settings)
                document = CostDocument(report: estimator.estimate(manifest), grouping: groupBy)
            }
            let text = format.render(document)
            guard let out else {
                Console.out(text)
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw OperationError(
                    "cannot write the cost report to \(out): \(error.localizedDescription); check the directory exists and is writable"
                )
            }
            let total = Money.usd(document.report.monthlyTotal)
            Console.out(
                "Wrote the \(format.rawValue) cost report to \(out): \(total) a month (prices: \(document.report.catalog.label))\n"
            )
        }
    }
}

/// `--format table|json|csv|html|markdown` of `cost`.
extension CostReportFormat: ExpressibleByArgument {}

/// `--group-by` of `cost`: a dimension or `tag:KEY`.
extension CostGrouping: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["resource", "type", "region", "purchase-option", "tag:KEY"] }
    public var defaultValueDescription: String { description }
}
