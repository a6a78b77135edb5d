import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformCost

@Suite struct PriceCatalogTests {
    let catalog = Fixtures.catalog

    @Test func bundledSnapshotIsDatedAndCitesItsSources() {
        #expect(catalog.snapshotDate == "2026-11-21")
        #expect(catalog.origin == .bundled)
        #expect(catalog.instanceSource.url.contains("skypilot-catalog"))
        for service in [ServicePrice.s3Storage(.glacierIR), .s3InterRegionTransfer, .ebsGP3Storage, .eksControlPlane] {
            let price = catalog.price(service, region: "us-east-1")
            #expect(price != nil, "\(service)")
            #expect(price?.source.date.isEmpty == false)
            #expect(price?.source.url.hasPrefix("https://aws.amazon.com/") == true)
        }
    }

    @Test func indexesOnDemandPerRegionAndSpotPerZone() throws {
        let row = try #require(Fixtures.rawInstance("p5.48xlarge", "us-east-1"))
        #expect(catalog.onDemandPrice(type: "p5.48xlarge", region: "us-east-1")?.usd == row["on_demand"] as? Double)
        for (zone, price) in try #require(row["spot"] as? [String: Double]) {
            #expect(catalog.spotPrice(type: "p5.48xlarge", region: "us-east-1", zone: zone)?.usd == price)
        }
        #expect(catalog.offer(type: "p5.48xlarge", region: "us-east-1")?.zones.count == 6)
        #expect(catalog.offer(type: "p5.48xlarge", region: "sa-east-1") == nil)
    }

    @Test func emptyOnDemandPriceStaysUnknown() {
        // Quirk: every p5e.48xlarge row has an empty Price, and trn1.32xlarge in ap-south-1.
        #expect(catalog.offer(type: "p5e.48xlarge", region: "us-east-2") != nil)
        #expect(catalog.onDemandPrice(type: "p5e.48xlarge", region: "us-east-2") == nil)
        #expect(catalog.onDemandPrice(type: "trn1.32xlarge", region: "ap-south-1") == nil)
        #expect(catalog.onDemandPrice(type: "trn1.32xlarge", region: "us-east-1") != nil)
    }

    @Test func emptySpotPriceKeepsTheZoneWithoutAPrice() throws {
        // Quirk: p5.48xlarge in eun1-az1 is offered but has no spot price.
        let offer = try #require(catalog.offer(type: "p5.48xlarge", region: "eu-north-1"))
        #expect(offer.zones.contains("eun1-az1"))
        #expect(catalog.spotPrice(type: "p5.48xlarge", region: "eu-north-1", zone: "eun1-az1") == nil)
    }

    @Test func duplicatedP4deZonesAreMergedKeepingTheSpotPrice() throws {
        // Quirk: p4de.24xlarge lists use1-az4 twice, once with a spot price and once without.
        let offer = try #require(catalog.offer(type: "p4de.24xlarge", region: "us-east-1"))
        #expect(offer.zones == Array(Set(offer.zones)).sorted())
        #expect(offer.spotHourly["use1-az4"] == 7.8074)
        #expect(offer.spotHourly["use1-az1"] == nil)
    }

    @Test func matchesTheVendoredCSV() throws {
        // Regenerating from data/pricing must give the same prices; a missing file fails.
        let csv = TestData.folder("pricing").appendingPathComponent("aws_gpu_vms.csv")
        let text = try String(contentsOf: csv, encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n").dropFirst() where line.hasPrefix("p5.48xlarge,") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).suffix(4).map(String.init)
            let (od, spot, region, zone) = (Double(fields[0]), Double(fields[1]), fields[2], fields[3])
            #expect(catalog.onDemandPrice(type: "p5.48xlarge", region: region)?.usd == od)
            #expect(catalog.spotPrice(type: "p5.48xlarge", region: region, zone: zone)?.usd == spot)
            checked += 1
        }
        #expect(checked == 30)
    }

    @Test func interruptionBucketsComeFromTheSpotAdvisor() throws {
        let p5 = try #require(catalog.interruption(type: "p5.48xlarge", region: "us-east-1"))
        #expect(p5.bucket == 4 && p5.label == ">20%" && p5.savingsPercent == 52)
        #expect(catalog.interruption(type: "inf2.xlarge", region: "us-east-1")?.label == "<5%")
    }

    @Test func cacheFileOverridesTheBundledSnapshot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ff-cost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let home = ["HOME": dir.path]
        #expect(try PriceCatalog.load(from: nil, environment: home).origin == .bundled)

        var raw = Fixtures.rawCatalog
        raw["name"] = "refreshed"
        raw["snapshot_date"] = "2027-01-02"
        let cache = dir.appendingPathComponent(".fleetform/pricing/catalog.json")
        try FileManager.default.createDirectory(
            at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: raw).write(to: cache)
        let loaded = try PriceCatalog.load(from: nil, environment: home)
        #expect(loaded.origin == .file(cache.path) && loaded.snapshotDate == "2027-01-02")
        #expect(loaded.label == "refreshed 2027-01-02 (\(cache.path))")

        let viaEnvironment = try PriceCatalog.load(
            from: nil, environment: ["HOME": "/nonexistent", "FLEETFORM_PRICE_CATALOG": cache.path])
        #expect(viaEnvironment.name == "refreshed")
    }

    @Test func refusesNewerOrBrokenCatalogFilesWithAMessage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ff-cost-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"format_version": 9}"#.utf8).write(to: dir)
        #expect(throws: CostError.unsupportedCatalogVersion(dir.path, 9)) { try PriceCatalog.load(file: dir) }
        try Data("not json".utf8).write(to: dir)
        do {
            _ = try PriceCatalog.load(file: dir)
            Issue.record("a broken file loaded")
        } catch {
            #expect(error.message.contains("delete it"))
        }
    }
}
