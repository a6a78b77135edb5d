/// The stored format of a price catalog (`catalog.json`), version 1: the bundled snapshot and a
/// refreshed cache share it. Kept apart from `PriceCatalog` so the public type can change without
/// breaking files; readers check `format_version` first.
struct PriceCatalogFile: Codable, Sendable {
    static let currentVersion = 1

    struct Source: Codable, Sendable {
        var title: String
        var url: String
        var date: String
    }

    struct Instance: Codable, Sendable {
        var type: String
        var region: String
        var onDemand: Double?
        var zones: [String]
        var spot: [String: Double]
        /// The source of this entry's on-demand price when it is not `instance_source` (a refresh
        /// of some types only).
        var onDemandSource: String?
        /// The source of this entry's spot prices when it is not `spot_source` (a spot refresh).
        var spotSource: String? = nil

        enum CodingKeys: String, CodingKey {
            case type, region, onDemand = "on_demand", zones, spot, onDemandSource = "on_demand_source"
            case spotSource = "spot_source"
        }
    }

    struct InterruptionRange: Codable, Sendable {
        var index: Int
        var label: String
        var maxPercent: Double

        enum CodingKeys: String, CodingKey { case index, label, maxPercent = "max_percent" }
    }

    struct Interruption: Codable, Sendable {
        var type: String
        var region: String
        var bucket: Int
        var savingsPercent: Double

        enum CodingKeys: String, CodingKey { case type, region, bucket, savingsPercent = "savings_percent" }
    }

    struct Service: Codable, Sendable {
        var service: String
        var variant: String
        var region: String
        var unit: String
        var price: Double
        var source: String
    }

    var formatVersion: Int
    var name: String
    var snapshotDate: String
    var currency: String
    var sources: [String: Source]
    var instanceSource: String
    /// The source of spot prices when it differs from `instanceSource` (a refresh that kept the
    /// prior snapshot's spot prices); absent means `instanceSource`.
    var spotSource: String?
    var instances: [Instance]
    var interruptionSource: String
    var interruptionRanges: [InterruptionRange]
    var interruption: [Interruption]
    var services: [Service]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, snapshotDate = "snapshot_date", currency, sources
        case instanceSource = "instance_source", spotSource = "spot_source", instances, interruptionSource =
            "interruption_source"
        case interruptionRanges = "interruption_ranges", interruption, services
    }

    /// Reads only the version, so a newer file is refused with a message instead of a decoding error.
    struct VersionProbe: Decodable {
        var formatVersion: Int
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }
}
