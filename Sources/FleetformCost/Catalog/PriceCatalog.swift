/// A dated set of prices, indexed by instance type + region (+ zone) and by service.
///
/// Load the bundled snapshot, or a refreshed cache that overrides it, with `PriceCatalog.load(from:)`:
///
/// ```swift
/// let catalog = try PriceCatalog.load(from: nil)       // cache if present, else bundled
/// catalog.onDemandPrice(type: "p5.48xlarge", region: "us-east-1")?.usd   // 98.32
/// ```
public struct PriceCatalog: Sendable {
    /// Where a catalog was read from.
    public enum Origin: Hashable, Sendable, CustomStringConvertible {
        /// The snapshot bundled with Fleetform.
        case bundled
        /// A catalog file (a refreshed cache or an explicit path).
        case file(String)

        public var description: String {
            switch self {
            case .bundled: return "bundled"
            case .file(let path): return path
            }
        }
    }

    /// The catalog's name (`bundled snapshot`, `refreshed from the AWS Price List API`).
    public let name: String
    /// The date of the snapshot (`YYYY-MM-DD`).
    public let snapshotDate: String
    public let origin: Origin
    /// Every source the catalog's prices cite, by id.
    public let sources: [String: PriceSource]
    /// The source of on-demand instance prices.
    public let instanceSource: PriceSource
    /// The source of spot prices (the same as `instanceSource` in a snapshot).
    public let spotSource: PriceSource
    /// The source of interruption buckets.
    public let interruptionSource: PriceSource
    private let offers: [InstanceRegionKey: InstanceOffer]
    private let interruptions: [InstanceRegionKey: SpotInterruption]
    private let services: [ServicePriceKey: Price]
    /// On-demand sources of the entries that do not use `instanceSource`.
    private let onDemandSources: [InstanceRegionKey: PriceSource]
    /// Spot sources of the entries that do not use `spotSource`.
    private let spotSources: [InstanceRegionKey: PriceSource]

    /// Every interruption bucket, for writing the catalog back to a file.
    var interruptionEntries: [InstanceRegionKey: SpotInterruption] { interruptions }
    /// On-demand sources that differ from `instanceSource`, for writing the catalog back to a file.
    var onDemandSourceEntries: [InstanceRegionKey: PriceSource] { onDemandSources }
    /// Spot sources that differ from `spotSource`, for writing the catalog back to a file.
    var spotSourceEntries: [InstanceRegionKey: PriceSource] { spotSources }
    /// Every service price, for writing the catalog back to a file.
    var serviceEntries: [ServicePriceKey: Price] { services }

    /// One line for reports: `bundled snapshot 2026-11-21 (bundled)`.
    public var label: String { "\(name) \(snapshotDate) (\(origin))" }

    init(file: PriceCatalogFile, origin: Origin) throws(CostError) {
        func source(_ id: String) throws(CostError) -> PriceSource {
            guard let s = file.sources[id] else {
                throw .invalidCatalog(origin.description, "source '\(id)' is used but not defined in 'sources'")
            }
            return PriceSource(id: id, title: s.title, url: s.url, date: s.date)
        }
        name = file.name
        snapshotDate = file.snapshotDate
        self.origin = origin
        var sources: [String: PriceSource] = [:]
        for id in file.sources.keys { sources[id] = try source(id) }
        self.sources = sources
        instanceSource = try source(file.instanceSource)
        spotSource = try source(file.spotSource ?? file.instanceSource)
        interruptionSource = try source(file.interruptionSource)

        var offers: [InstanceRegionKey: InstanceOffer] = [:]
        var onDemandSources: [InstanceRegionKey: PriceSource] = [:]
        var spotSources: [InstanceRegionKey: PriceSource] = [:]
        offers.reserveCapacity(file.instances.count)
        for i in file.instances {
            let key = InstanceRegionKey(type: i.type, region: i.region)
            offers[key] = InstanceOffer(
                type: i.type, region: i.region, onDemandHourly: i.onDemand, zones: i.zones, spotHourly: i.spot)
            if let id = i.onDemandSource { onDemandSources[key] = try source(id) }
            if let id = i.spotSource { spotSources[key] = try source(id) }
        }
        self.offers = offers
        self.onDemandSources = onDemandSources
        self.spotSources = spotSources

        let ranges = Dictionary(file.interruptionRanges.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        var interruptions: [InstanceRegionKey: SpotInterruption] = [:]
        for i in file.interruption {
            guard let range = ranges[i.bucket] else {
                throw .invalidCatalog(
                    origin.description, "interruption bucket \(i.bucket) of \(i.type) is not in 'interruption_ranges'")
            }
            interruptions[InstanceRegionKey(type: i.type, region: i.region)] = SpotInterruption(
                bucket: i.bucket, label: range.label, maxPercent: range.maxPercent, savingsPercent: i.savingsPercent)
        }
        self.interruptions = interruptions

        var services: [ServicePriceKey: Price] = [:]
        for s in file.services {
            services[ServicePriceKey(service: s.service, variant: s.variant, region: s.region)] = Price(
                usd: s.price, unit: s.unit, source: try source(s.source))
        }
        self.services = services
    }

    /// Prices of `type` in `region`, or nil when the catalog does not list the type there.
    public func offer(type: String, region: String) -> InstanceOffer? {
        offers[InstanceRegionKey(type: type, region: region)]
    }

    /// On-demand price per hour of `type` in `region`; nil when unknown.
    public func onDemandPrice(type: String, region: String) -> Price? {
        guard let usd = offer(type: type, region: region)?.onDemandHourly else { return nil }
        let source = onDemandSources[InstanceRegionKey(type: type, region: region)] ?? instanceSource
        return Price(usd: usd, unit: "hour", source: source)
    }

    /// Spot price per hour of `type` in zone `zone` (an AZ ID) of `region`; nil when not quoted.
    public func spotPrice(type: String, region: String, zone: String) -> Price? {
        guard let usd = offer(type: type, region: region)?.spotHourly[zone] else { return nil }
        return Price(usd: usd, unit: "hour", source: spotSource(type: type, region: region))
    }

    /// Where the spot prices of `type` in `region` come from.
    public func spotSource(type: String, region: String) -> PriceSource {
        spotSources[InstanceRegionKey(type: type, region: region)] ?? spotSource
    }

    /// The spot advisor's interruption bucket for `type` in `region` (Linux), if listed.
    public func interruption(type: String, region: String) -> SpotInterruption? {
        interruptions[InstanceRegionKey(type: type, region: region)]
    }

    /// A service price in `region` (falling back to a price valid in every region); nil when unknown.
    public func price(_ service: ServicePrice, region: String) -> Price? {
        let (name, variant) = service.fileKey
        return services[ServicePriceKey(service: name, variant: variant, region: region)]
            ?? services[ServicePriceKey(service: name, variant: variant, region: "*")]
    }

    /// Every (type, region) offer, sorted by type then region.
    public var allOffers: [InstanceOffer] {
        offers.values.sorted { ($0.type, $0.region) < ($1.type, $1.region) }
    }
}
