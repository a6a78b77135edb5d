import Foundation

extension PriceCatalog {
    /// A spot price read from `DescribeSpotPriceHistory`, by zone ID.
    public struct SpotPrice: Hashable, Sendable {
        public var instanceType: String
        public var region: String
        /// The availability zone ID (`use1-az4`), the key the catalog uses across accounts.
        public var zoneID: String
        public var usdPerHour: Double

        public init(instanceType: String, region: String, zoneID: String, usdPerHour: Double) {
            self.instanceType = instanceType
            self.region = region
            self.zoneID = zoneID
            self.usdPerHour = usdPerHour
        }
    }

    /// The catalog file a refresh writes: this catalog with the on-demand prices read from the
    /// Price List API and the spot prices read from the spot price history (each citing where it
    /// was read; types and regions not refreshed keep their prices and sources), dated `date`.
    /// A type and region with spot prices refreshed gets exactly the zones quoted. Interruption
    /// rates are kept as they are.
    public func refreshed(onDemand: [PriceListPage.OnDemandPrice], spot: [SpotPrice] = [], date: String) throws -> Data
    {
        var file = storedFile()
        // Dated ids: entries from an earlier refresh keep citing the day they were read.
        let sourceID = "aws-price-list-api-" + date
        if !onDemand.isEmpty {
            file.sources[sourceID] = .init(
                title: "AWS Price List API GetProducts (AmazonEC2, Linux, shared tenancy), on-demand per region",
                url: "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html",
                date: date)
        }
        let spotID = "aws-spot-price-history-" + date
        if !spot.isEmpty {
            file.sources[spotID] = .init(
                title: "EC2 DescribeSpotPriceHistory (Linux/UNIX), latest price per availability zone ID",
                url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSpotPriceHistory.html",
                date: date)
        }
        file.name = "refreshed from the AWS pricing APIs"
        file.snapshotDate = date
        var index = Dictionary(
            uniqueKeysWithValues: file.instances.enumerated().map {
                (InstanceRegionKey(type: $1.type, region: $1.region), $0)
            })
        func entry(_ type: String, _ region: String) -> Int {
            let key = InstanceRegionKey(type: type, region: region)
            if let i = index[key] { return i }
            index[key] = file.instances.count
            file.instances.append(.init(type: type, region: region, onDemand: nil, zones: [], spot: [:]))
            return file.instances.count - 1
        }
        for price in onDemand {
            let i = entry(price.instanceType, price.region)
            file.instances[i].onDemand = price.usdPerHour
            file.instances[i].onDemandSource = sourceID
        }
        for (key, prices) in Dictionary(
            grouping: spot, by: { InstanceRegionKey(type: $0.instanceType, region: $0.region) })
        {
            let i = entry(key.type, key.region)
            file.instances[i].spot = Dictionary(
                prices.map { ($0.zoneID, $0.usdPerHour) }, uniquingKeysWith: { a, _ in a })
            file.instances[i].zones = file.instances[i].spot.keys.sorted()
            file.instances[i].spotSource = spotID
        }
        file.instances.sort { ($0.type, $0.region) < ($1.type, $1.region) }
        return try Self.encode(file)
    }

    /// This catalog in the stored format (what `refreshed` starts from).
    func storedFile() -> PriceCatalogFile {
        let ranges = Dictionary(
            interruptionEntries.map {
                (
                    $0.value.bucket,
                    PriceCatalogFile.InterruptionRange(
                        index: $0.value.bucket, label: $0.value.label, maxPercent: $0.value.maxPercent)
                )
            },
            uniquingKeysWith: { first, _ in first })
        return PriceCatalogFile(
            formatVersion: PriceCatalogFile.currentVersion, name: name, snapshotDate: snapshotDate, currency: "USD",
            sources: sources.mapValues { .init(title: $0.title, url: $0.url, date: $0.date) },
            instanceSource: instanceSource.id, spotSource: spotSource == instanceSource ? nil : spotSource.id,
            instances: allOffers.map {
                .init(
                    type: $0.type, region: $0.region, onDemand: $0.onDemandHourly, zones: $0.zones, spot: $0.spotHourly,
                    onDemandSource: onDemandSourceEntries[InstanceRegionKey(type: $0.type, region: $0.region)]?.id,
                    spotSource: spotSourceEntries[InstanceRegionKey(type: $0.type, region: $0.region)]?.id)
            },
            interruptionSource: interruptionSource.id,
            interruptionRanges: ranges.values.sorted { $0.index < $1.index },
            interruption: interruptionEntries.map {
                .init(
                    type: $0.key.type, region: $0.key.region, bucket: $0.value.bucket,
                    savingsPercent: $0.value.savingsPercent)
            }.sorted { ($0.type, $0.region) < ($1.type, $1.region) },
            services: serviceEntries.map {
                .init(
                    service: $0.key.service, variant: $0.key.variant, region: $0.key.region, unit: $0.value.unit,
                    price: $0.value.usd, source: $0.value.source.id)
            }.sorted { ($0.service, $0.variant, $0.region) < ($1.service, $1.variant, $1.region) })
    }
}
