import ArgumentParser
import FleetformAWS
import FleetformCost
import FleetformModel
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

        func run() async throws {
            let catalog = try CostCommandSupport.loadCatalog(priceCatalog)
            var out = "Price catalog: \(catalog.label)\n"
            for source in catalog.sources.values.sorted(by: { $0.id < $1.id }) {
                out += "  \(source.id) (\(source.date)): \(source.title) — \(source.url)\n"
            }
            if let type {
                guard let offer = catalog.offer(type: type, region: region) else {
                    throw CLIError(
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

    /// `fleetform pricing refresh`: on-demand prices from the Price List API into the cache.
    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Refresh on-demand prices from the AWS Price List API (GetProducts) into the local catalog cache.",
            discussion: """
                Reads the current catalog (the cache, else the bundled snapshot), asks the Price List API for the on-demand Linux price of each of its instance types in every region, and writes the cache (~/.fleetform/pricing/catalog.json, or $FLEETFORM_PRICE_CATALOG). Spot prices and interruption rates are kept from the current catalog and keep citing it. Credentials and endpoints are read the way the AWS CLI reads them (AWS_ENDPOINT_URL_PRICING overrides the endpoint).
                """)

        @Option(help: ArgumentHelp("The AWS profile to use.", valueName: "NAME"))
        var profile: String?

        @Option(
            name: .customLong("type"), help: ArgumentHelp("Refresh only this type (repeatable).", valueName: "TYPE"))
        var types: [String] = []

        @Option(help: ArgumentHelp("Write the catalog here instead of the cache.", valueName: "FILE"))
        var out: String?

        func run() async throws {
            let base = try CostCommandSupport.loadCatalog(nil)
            let wanted = types.isEmpty ? Array(Set(base.allOffers.map(\.type))).sorted() : types
            let provider = try AWSProvider.live(profile: profile, defaultRegion: "us-east-1")
            var prices: [PriceListPage.OnDemandPrice] = []
            do {
                for type in wanted {
                    var token: String?
                    repeat {
                        let body = try JSONDecoder().decode(
                            AttributeValue.self,
                            from: PriceListPage.requestBody(instanceType: type, region: nil, nextToken: token))
                        // The Price List API is served from us-east-1 (and a few other regions) only.
                        let response = try await provider.client.json11(
                            .pricing, targetPrefix: "AWSPriceListService", "GetProducts", body: body,
                            region: "us-east-1")
                        let page = try PriceListPage(parsing: JSONEncoder().encode(response))
                        prices += page.prices
                        token = page.nextToken
                    } while token != nil
                }
            } catch {
                try? await provider.shutdown()
                throw CLIError("pricing refresh failed, the catalog cache was not changed: \(error)")
            }
            try await provider.shutdown()
            let date = ISO8601DateFormatter.string(
                from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
            let url = out.map { URL(fileURLWithPath: $0) } ?? PriceCatalog.defaultCacheURL()
            do {
                let data = try base.refreshed(onDemand: prices, date: date)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url, options: .atomic)
            } catch {
                throw CLIError("cannot write the price catalog to \(url.path): \(error.localizedDescription)")
            }
            let regions = Set(prices.map(\.region)).count
            Console.out(
                "Refreshed \(prices.count) on-demand prices (\(wanted.count) types, \(regions) regions) into \(url.path), dated \(date).\n"
            )
        }
    }
}
