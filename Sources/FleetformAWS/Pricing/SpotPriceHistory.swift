import Foundation

/// Current spot prices from EC2's `DescribeSpotPriceHistory`, keyed by availability zone ID
/// (`use1-az4`) rather than name (`us-east-1a`), because zone names are shuffled per account and
/// IDs are not; `DescribeAvailabilityZones` maps one to the other.
public struct SpotPriceHistory: Sendable {
    /// One current price.
    public struct Quote: Hashable, Sendable {
        public var instanceType: String
        public var zoneID: String
        public var usdPerHour: Double
    }

    /// The client calls go through.
    public let client: AWSClient

    /// A reader calling through `client`.
    public init(client: AWSClient) { self.client = client }

    /// Zone name → zone ID in `region`.
    public func zoneIDs(region: String) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters["AllAvailabilityZones"] = "true"
        let response = try await client.query(.ec2, "DescribeAvailabilityZones", parameters, region: region)
        var ids: [String: String] = [:]
        for zone in response.list("availabilityZoneInfo") {
            if let name = zone.string("zoneName"), let id = zone.string("zoneId") { ids[name] = id }
        }
        return ids
    }

    /// The price in effect at `now` of each of `types` (Linux/UNIX) in each zone of `region` that
    /// quotes one. Zones whose ID is unknown are left out; so are prices that are not positive.
    public func currentPrices(types: [String], region: String, now: Date = Date()) async throws -> [Quote] {
        guard !types.isEmpty else { return [] }
        let zones = try await zoneIDs(region: region)
        var latest: [String: (time: String, quote: Quote)] = [:]
        for start in stride(from: 0, to: types.count, by: 50) {
            var parameters = QueryParameters()
            parameters.setEC2List("InstanceType", Array(types[start..<min(start + 50, types.count)]))
            parameters["ProductDescription.1"] = "Linux/UNIX"
            // With the start time now, EC2 answers the price in effect now in every zone.
            parameters["StartTime"] = now.formatted(.iso8601)
            parameters["MaxResults"] = "1000"
            for page in try await client.queryPages(.ec2, "DescribeSpotPriceHistory", parameters, region: region) {
                for item in page.list("spotPriceHistorySet") {
                    guard let type = item.string("instanceType"), let zone = item.string("availabilityZone"),
                        let zoneID = zones[zone], let price = item.string("spotPrice").flatMap(Double.init), price > 0
                    else { continue }
                    let time = item.string("timestamp") ?? ""
                    let key = type + "\u{0}" + zoneID
                    if let known = latest[key], known.time >= time { continue }
                    latest[key] = (time, Quote(instanceType: type, zoneID: zoneID, usdPerHour: price))
                }
            }
        }
        return latest.values.map(\.quote).sorted { ($0.instanceType, $0.zoneID) < ($1.instanceType, $1.zoneID) }
    }
}
