import FleetformAWS
import FleetformCost
import FleetformModel
import Foundation

/// Refreshes the price catalog cache from the AWS APIs: on-demand Linux prices from the Price
/// List API (`GetProducts`) and the spot price in effect now in every zone
/// (`DescribeSpotPriceHistory`). Nothing is written unless every call succeeds.
public struct PricingRefresh: Sendable {
    /// What to refresh.
    public struct Request: Sendable {
        /// Only these types (empty: every type the catalog lists).
        public var types: [String]
        /// Only these regions (empty: every region the catalog lists).
        public var regions: [String]
        public var skipSpot: Bool
        public var skipOnDemand: Bool
        /// Write here instead of the cache.
        public var out: String?
        /// The AWS profile.
        public var profile: String?

        /// A request for `types` in `regions`.
        public init(
            types: [String] = [], regions: [String] = [], skipSpot: Bool = false, skipOnDemand: Bool = false,
            out: String? = nil, profile: String? = nil
        ) {
            self.types = types
            self.regions = regions
            self.skipSpot = skipSpot
            self.skipOnDemand = skipOnDemand
            self.out = out
            self.profile = profile
        }
    }

    /// What was refreshed.
    public struct Report: Sendable {
        public var onDemandPrices: Int
        public var onDemandRegions: Int
        public var spotPrices: Int
        public var spotRegions: Int
        public var types: Int
        /// Where the catalog was written.
        public var path: String
        /// The date the refreshed prices carry.
        public var date: String

        /// `Refreshed 12 on-demand prices (3 regions) and 40 spot prices (3 regions) for 4 types into …`.
        public var summary: String {
            "Refreshed \(onDemandPrices) on-demand prices (\(onDemandRegions) regions) and \(spotPrices) spot prices "
                + "(\(spotRegions) regions) for \(types) types into \(path), dated \(date).\n"
        }
    }

    public var project: Project

    /// A refresh with `project`'s clock and AWS configuration.
    public init(project: Project) {
        self.project = project
    }

    /// Reads the current catalog (the cache, else the bundled snapshot), asks the APIs and writes
    /// the result; on any failure the cache is left as it was.
    public func run(_ request: Request) async throws -> Report {
        let base = try CatalogLoader.load(nil)
        let wanted = request.types.isEmpty ? Array(Set(base.allOffers.map(\.type))).sorted() : request.types
        let cloud = CloudSettings(profile: request.profile)
        var prices: [PriceListPage.OnDemandPrice] = []
        var spot: [PriceCatalog.SpotPrice] = []
        do {
            try await cloud.withProvider(region: "us-east-1", in: project) { provider in
                if !request.skipOnDemand {
                    prices = try await onDemand(wanted, regions: request.regions, client: provider.client)
                }
                if !request.skipSpot {
                    spot = try await spotPrices(wanted, regions: request.regions, base: base, client: provider.client)
                }
            }
        } catch {
            throw OperationError("pricing refresh failed, the catalog cache was not changed: \(error)")
        }
        let date = project.clock.now().rfc3339.prefix(10)
        let url = request.out.map { URL(fileURLWithPath: $0) } ?? PriceCatalog.defaultCacheURL()
        do {
            let data = try base.refreshed(onDemand: prices, spot: spot, date: String(date))
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw OperationError("cannot write the price catalog to \(url.path): \(error.localizedDescription)")
        }
        return Report(
            onDemandPrices: prices.count, onDemandRegions: Set(prices.map(\.region)).count, spotPrices: spot.count,
            spotRegions: Set(spot.map(\.region)).count, types: wanted.count, path: url.path, date: String(date))
    }

    /// On-demand prices, every page of GetProducts per type (and region when asked).
    private func onDemand(_ types: [String], regions: [String], client: AWSClient) async throws
        -> [PriceListPage.OnDemandPrice]
    {
        var prices: [PriceListPage.OnDemandPrice] = []
        for type in types {
            for region in regions.isEmpty ? [nil] : regions.map(Optional.some) {
                var token: String?
                repeat {
                    let body = try JSONDecoder().decode(
                        AttributeValue.self,
                        from: PriceListPage.requestBody(instanceType: type, region: region, nextToken: token))
                    // The Price List API is served from us-east-1 (and a few other regions) only.
                    let response = try await client.json11(
                        .pricing, targetPrefix: "AWSPriceListService", "GetProducts", body: body, region: "us-east-1")
                    let page = try PriceListPage(parsing: JSONEncoder().encode(response))
                    prices += page.prices
                    token = page.nextToken
                } while token != nil
            }
        }
        return prices
    }

    /// Spot prices in effect now, per region, for the types the catalog lists there.
    private func spotPrices(_ types: [String], regions: [String], base: PriceCatalog, client: AWSClient) async throws
        -> [PriceCatalog.SpotPrice]
    {
        let wanted = Set(types)
        var byRegion: [String: [String]] = [:]
        for offer in base.allOffers
        where wanted.contains(offer.type) && (regions.isEmpty || regions.contains(offer.region)) {
            byRegion[offer.region, default: []].append(offer.type)
        }
        for region in regions where byRegion[region] == nil { byRegion[region] = types }
        let history = SpotPriceHistory(client: client)
        var prices: [PriceCatalog.SpotPrice] = []
        for (region, regionTypes) in byRegion.sorted(by: { $0.key < $1.key }) {
            for quote in try await history.currentPrices(
                types: regionTypes.sorted(), region: region, now: project.clock.now())
            {
                prices.append(
                    .init(
                        instanceType: quote.instanceType, region: region, zoneID: quote.zoneID,
                        usdPerHour: quote.usdPerHour))
            }
        }
        return prices
    }
}
