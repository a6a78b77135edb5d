import Foundation
import Testing

@testable import FleetformCost

/// A `GetProducts` page in the documented shape: `PriceList` holds one JSON string per product.
enum PriceListSample {
    static func product(
        _ type: String, region: String, os: String = "Linux", tenancy: String = "Shared", usd: String,
        unit: String = "Hrs"
    ) -> String {
        let sku = "SKU\(abs(type.hashValue % 10_000))\(os.prefix(1))\(tenancy.prefix(1))"
        let document: [String: Any] = [
            "product": [
                "productFamily": "Compute Instance", "sku": sku,
                "attributes": [
                    "instanceType": type, "regionCode": region, "location": "US East (N. Virginia)",
                    "operatingSystem": os,
                    "tenancy": tenancy, "preInstalledSw": "NA", "capacitystatus": "Used",
                    "licenseModel": "No License required",
                ],
            ],
            "serviceCode": "AmazonEC2",
            "terms": [
                "OnDemand": [
                    "\(sku).JRTCKXETXF": [
                        "offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
                        "priceDimensions": [
                            "\(sku).JRTCKXETXF.6YS6EN2CT7": [
                                "unit": unit, "beginRange": "0", "endRange": "Inf",
                                "rateCode": "\(sku).JRTCKXETXF.6YS6EN2CT7",
                                "description": "$\(usd) per On Demand \(os) \(type) Instance Hour",
                                "pricePerUnit": ["USD": usd],
                            ]
                        ],
                    ]
                ]
            ],
            "version": "20261101000000", "publicationDate": "2026-11-01T00:00:00Z",
        ]
        return String(
            decoding: try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
    }

    static func page(_ products: [String], nextToken: String?) -> Data {
        var body: [String: Any] = ["FormatVersion": "aws_v1", "PriceList": products]
        if let nextToken { body["NextToken"] = nextToken }
        return try! JSONSerialization.data(withJSONObject: body)
    }
}

@Suite struct PriceListPageTests {
    @Test func readsSharedLinuxOnDemandHoursOnly() throws {
        let body = PriceListSample.page(
            [
                PriceListSample.product("p5.48xlarge", region: "us-east-1", usd: "55.0400000000"),
                PriceListSample.product("p5.48xlarge", region: "us-east-1", os: "Windows", usd: "60.0000000000"),
                PriceListSample.product("p5.48xlarge", region: "us-east-1", tenancy: "Dedicated", usd: "61.0000000000"),
                PriceListSample.product("g5.xlarge", region: "us-west-2", usd: "1.0060000000"),
            ], nextToken: "page-2")
        let page = try PriceListPage(parsing: body)
        #expect(page.nextToken == "page-2")
        #expect(page.prices.map(\.instanceType) == ["p5.48xlarge", "g5.xlarge"])
        #expect(page.prices[0].usdPerHour == 55.04 && page.prices[0].region == "us-east-1")
        #expect(page.prices[0].publicationDate == "2026-11-01T00:00:00Z")
        #expect(try PriceListPage(parsing: PriceListSample.page([], nextToken: nil)).nextToken == nil)
    }

    @Test func refusesBodiesOfAnotherShape() {
        #expect(throws: CostError.self) { try PriceListPage(parsing: Data("{\"Products\": []}".utf8)) }
        #expect(throws: CostError.self) { try PriceListPage(parsing: Data("{\"PriceList\": [{\"product\": 1}]}".utf8)) }
    }

    @Test func requestBodyFiltersToOneTypeAndRegion() throws {
        let body = PriceListPage.requestBody(instanceType: "p5.48xlarge", region: "us-east-1", nextToken: "t")
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["ServiceCode"] as? String == "AmazonEC2" && object["NextToken"] as? String == "t")
        let filters = try #require(object["Filters"] as? [[String: String]])
        #expect(filters.contains(["Type": "TERM_MATCH", "Field": "instanceType", "Value": "p5.48xlarge"]))
    }

    @Test func refreshedCatalogReplacesOnDemandAndKeepsTheRest() throws {
        let base = Fixtures.catalog
        let page = try PriceListPage(
            parsing: PriceListSample.page(
                [PriceListSample.product("p5.48xlarge", region: "us-east-1", usd: "55.04")], nextToken: nil))
        let data = try base.refreshed(onDemand: page.prices, date: "2026-12-01")
        let refreshed = try PriceCatalog.decode(data, origin: .file("/tmp/catalog.json"))
        #expect(refreshed.snapshotDate == "2026-12-01")
        #expect(refreshed.onDemandPrice(type: "p5.48xlarge", region: "us-east-1")?.usd == 55.04)
        #expect(
            refreshed.onDemandPrice(type: "p5.48xlarge", region: "us-east-1")?.source.id
                == "aws-price-list-api-2026-12-01")
        // Entries the refresh did not read keep citing the snapshot they came from.
        #expect(refreshed.onDemandPrice(type: "p5.48xlarge", region: "us-west-2")?.source == base.instanceSource)
        // A second refresh keeps the first one's per-entry sources.
        let again = try PriceCatalog.decode(
            try refreshed.refreshed(onDemand: [], date: "2026-12-02"), origin: .file("/tmp/catalog2.json"))
        #expect(
            again.onDemandPrice(type: "p5.48xlarge", region: "us-east-1")?.source.id == "aws-price-list-api-2026-12-01")
        #expect(again.onDemandPrice(type: "p5.48xlarge", region: "us-east-1")?.usd == 55.04)
        #expect(
            refreshed.onDemandPrice(type: "g5.xlarge", region: "us-east-1")?.usd
                == base.onDemandPrice(type: "g5.xlarge", region: "us-east-1")?.usd)
        // Spot prices were not refreshed: they keep the snapshot's values and cite the snapshot.
        #expect(
            refreshed.spotPrice(type: "p5.48xlarge", region: "us-east-1", zone: "use1-az3")
                == base.spotPrice(type: "p5.48xlarge", region: "us-east-1", zone: "use1-az3"))
        #expect(
            refreshed.interruption(type: "p5.48xlarge", region: "us-east-1")
                == base.interruption(type: "p5.48xlarge", region: "us-east-1"))
        #expect(
            refreshed.price(.eksControlPlane, region: "eu-west-3") == base.price(.eksControlPlane, region: "eu-west-3"))
    }
}
