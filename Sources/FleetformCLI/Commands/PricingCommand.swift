import ArgumentParser
import FleetformAWS
import FleetformCost
import FleetformModel
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform pricing show|refresh`: the price catalog reports use, and updating its cache.
    struct Pricing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the price catalog cost reports use, or refresh its cache from the AWS Price List API.",
            subcommands: [Show.self, Refresh.self], defaultSubcommand: Show.self)
    }
}

extension Fleetform.Pricing {
    /// `fleetform pricing show [--type T --region R]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print which catalog is in use, its date and sources, and optionally one type's prices.")

        @Option(name: .customLong("price-catalog"), help: ArgumentHelp("Show this catalog file.", valueName: "FILE"))
        var priceCatalog: String?

        @Option(help: ArgumentHelp("An instance type to show prices for.", valueName: "TYPE"))
        var type: String?

        @Option(help: ArgumentHelp("The region for --type.", valueName: "REGION"))
        var region: String = "us-east-1"

        @OptionGroup var project: ProjectOptions

        func run() async throws {
            let catalog = try CatalogLoader.load(priceCatalog)
            var out = "Price catalog: \(catalog.label)\n"
            for source in catalog.sources.values.sorted(by: { $0.id < $1.id }) {
                out += "  \(source.id) (\(source.date)): \(source.title) — \(source.url)\n"
            }
            if let type {
                guard let offer = catalog.offer(type: type, region: region) else {
                    throw OperationError(
                        "the catalog lists no \(type) in \(region); see 'fleetform instance-types' for types and regions"
                    )
                }
                out += "\n\(type) in \(region):\n"
                out +=
                    "  on-demand: \(offer.onDemandHourly.map { Money.usd($0, decimals: 4) + "/h" } ?? "no price in the catalog")\n"
                if let interruption = catalog.interruption(type: type, region: region) {
                    out +=
                        "  spot interruption: \(interruption.label) (spot advisor; saves \(Int(interruption.savingsPercent))%)\n"
                }
                for zone in offer.zones {
                    out +=
                        "  spot \(zone): \(offer.spotHourly[zone].map { Money.usd($0, decimals: 4) + "/h" } ?? "no spot price")\n"
                }
            }
            Console.out(out)
        }
    }

    /// `fleetform pricing refresh`: on-demand and spot prices from the AWS APIs into the cache.
    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Refresh on-demand prices (Price List API) and spot prices (spot price history) into the local catalog cache.",
            discussion: """
                Reads the current catalog (the cache, else the bundled snapshot), asks the Price List API (GetProducts) for the on-demand Linux price of each of its instance types, and EC2 (DescribeSpotPriceHistory, zone names mapped to zone IDs with DescribeAvailabilityZones) for the spot price in effect now in every zone, then writes the cache (~/.fleetform/pricing/catalog.json, or $FLEETFORM_PRICE_CATALOG). Every refreshed price cites the API and the date; what was not refreshed keeps its price and source; interruption rates are kept. Nothing is written if a call fails. Credentials and endpoints are read the way the AWS CLI reads them (AWS_ENDPOINT_URL_PRICING and AWS_ENDPOINT_URL_EC2 override the endpoints).
                Examples:
                  fleetform pricing refresh
                  fleetform pricing refresh --type p5.48xlarge --region us-east-1 --out /tmp/catalog.json
                """)

        @Option(help: ArgumentHelp("The AWS profile to use.", valueName: "NAME"))
        var profile: String?

        @Option(
            name: .customLong("type"), help: ArgumentHelp("Refresh only this type (repeatable).", valueName: "TYPE"))
        var types: [String] = []

        @Option(
            name: .customLong("region"),
            help: ArgumentHelp(
                "Refresh only this region (repeatable; default: every region the catalog lists).", valueName: "REGION"))
        var regions: [String] = []

        @Flag(help: "Keep the current spot prices (refresh on-demand prices only).")
        var skipSpot = false

        @Flag(help: "Keep the current on-demand prices (refresh spot prices only).")
        var skipOnDemand = false

        @Option(help: ArgumentHelp("Write the catalog here instead of the cache.", valueName: "FILE"))
        var out: String?

        @OptionGroup var project: ProjectOptions

        func validate() throws {
            if skipSpot && skipOnDemand {
                throw ValidationError("--skip-spot and --skip-on-demand together refresh nothing; pass one")
            }
        }

        func run() async throws {
            let report = try await PricingRefresh(project: project.value).run(
                PricingRefresh.Request(
                    types: types, regions: regions, skipSpot: skipSpot, skipOnDemand: skipOnDemand, out: out,
                    profile: profile))
            Console.out(report.summary)
        }
    }
}
