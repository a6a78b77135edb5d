import Foundation

/// One page of the AWS Price List API's `GetProducts` answer (JSON 1.1 protocol), read into
/// on-demand instance prices, and the request that asks for the next page.
///
/// The API returns `{"FormatVersion": "aws_v1", "NextToken": "…", "PriceList": ["{…}", …]}`
/// where every `PriceList` element is itself a JSON document (a string) describing one product:
/// `product.attributes` (instanceType, regionCode, operatingSystem, tenancy, …) and
/// `terms.OnDemand.<offer>.priceDimensions.<rate>.pricePerUnit.USD`.
/// See https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
public struct PriceListPage: Hashable, Sendable {
    /// An on-demand Linux price for one instance type in one region.
    public struct OnDemandPrice: Hashable, Sendable {
        public var instanceType: String
        public var region: String
        public var usdPerHour: Double
        /// The product's `publicationDate`, when present.
        public var publicationDate: String?
    }

    /// Prices on this page that describe shared-tenancy Linux instances without pre-installed software.
    public var prices: [OnDemandPrice]
    /// The token for the next page; nil on the last page.
    public var nextToken: String?

    /// Parses a `GetProducts` response body. Products that are not shared-tenancy Linux
    /// on-demand instance hours (Windows, dedicated hosts, reservations, SQL Server images) are skipped.
    public init(parsing body: Data) throws(CostError) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw .invalidPriceList("the body is not a JSON object")
        }
        guard let list = object["PriceList"] as? [Any] else { throw .invalidPriceList("there is no PriceList array") }
        nextToken = (object["NextToken"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        var prices: [OnDemandPrice] = []
        for (index, item) in list.enumerated() {
            guard let text = item as? String,
                let product = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            else { throw .invalidPriceList("PriceList[\(index)] is not a JSON document in a string") }
            if let price = Self.onDemandPrice(product) { prices.append(price) }
        }
        self.prices = prices
    }

    private static func onDemandPrice(_ document: [String: Any]) -> OnDemandPrice? {
        guard let product = document["product"] as? [String: Any],
            (product["productFamily"] as? String)?.hasPrefix("Compute Instance") == true,
            let attributes = product["attributes"] as? [String: String],
            let type = attributes["instanceType"], let region = attributes["regionCode"],
            attributes["operatingSystem"] == "Linux", attributes["tenancy"] == "Shared",
            attributes["preInstalledSw"] ?? "NA" == "NA", attributes["capacitystatus"] ?? "Used" == "Used",
            let terms = (document["terms"] as? [String: Any])?["OnDemand"] as? [String: Any]
        else { return nil }
        for case let offer as [String: Any] in terms.values {
            for case let dimension as [String: Any] in (offer["priceDimensions"] as? [String: Any] ?? [:]).values {
                guard dimension["unit"] as? String == "Hrs",
                    let usd = ((dimension["pricePerUnit"] as? [String: Any])?["USD"] as? String).flatMap(Double.init),
                    usd > 0
                else { continue }
                return OnDemandPrice(
                    instanceType: type, region: region, usdPerHour: usd,
                    publicationDate: document["publicationDate"] as? String)
            }
        }
        return nil
    }

    /// The JSON body of a `GetProducts` request (target `AWSPriceListService.GetProducts`) for
    /// shared-tenancy Linux instances of `instanceType` in `region` (every region when nil),
    /// continuing at `nextToken`.
    public static func requestBody(instanceType: String, region: String?, nextToken: String?) -> Data {
        var filters: [[String: String]] = []
        var terms = [("instanceType", instanceType)]
        if let region { terms.append(("regionCode", region)) }
        terms += [
            ("operatingSystem", "Linux"), ("tenancy", "Shared"), ("preInstalledSw", "NA"), ("capacitystatus", "Used"),
        ]
        for (field, value) in terms {
            filters.append(["Type": "TERM_MATCH", "Field": field, "Value": value])
        }
        var body: [String: Any] = [
            "ServiceCode": "AmazonEC2", "Filters": filters, "FormatVersion": "aws_v1", "MaxResults": 100,
        ]
        if let nextToken { body["NextToken"] = nextToken }
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
    }
}
