import Foundation

extension PriceCatalog {
    /// The catalog file a refresh writes: this catalog with the on-demand prices read from the
    /// Price List API (each citing the API; types and regions not in `onDemand` keep their
    /// prices and sources), dated `date`. Spot prices and interruption rates are kept as they are.
    public func refreshed(onDemand: [PriceListPage.OnDemandPrice], date: String) throws -> Data {
        var file = storedFile()
        // Dated id: entries from an earlier refresh keep citing the day they were read.
        let sourceID = "aws-price-list-api-" + date
        file.sources[sourceID] = .init(
            title: "AWS Price List API GetProducts (AmazonEC2, Linux, shared tenancy), on-demand per region",
            url: "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html",
            date: date)
        file.name = "refreshed from the AWS Price List API"
        file.snapshotDate = date
        var index = Dictionary(
            uniqueKeysWithValues: file.instances.enumerated().map {
                (InstanceRegionKey(type: $1.type, region: $1.region), $0)
            })
        for price in onDemand {
            let key = InstanceRegionKey(type: price.instanceType, region: price.region)
            if let i = index[key] {
                file.instances[i].onDemand = price.usdPerHour
                file.instances[i].onDemandSource = sourceID
            } else {
                index[key] = file.instances.count
                file.instances.append(
                    .init(
                        type: price.instanceType, region: price.region, onDemand: price.usdPerHour, zones: [],
                        spot: [:], onDemandSource: sourceID))
            }
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
                    onDemandSource: onDemandSourceEntries[InstanceRegionKey(type: $0.type, region: $0.region)]?.id)
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
