import Foundation

/// The capacity recommendation file (`fleetform recommend --write FILE`, format version 1): one
/// type writes it (the capacity planner) and reads it (`GPUNodePool.capacity(.recommended(from:))`).
///
/// `{"format_version","region","accelerator","first_hour","assumptions","hours":[{"t",…,"capacity":
/// [{"instance_type","zone","purchase","count","gpus_per_instance","price_per_hour"}]}],"summary"}`.
/// What a pool reads is the schedule (`hours[].capacity`); the writer adds per-hour details
/// (forecast, GPUs, cost), the assumptions and a summary, which readers ignore.
public struct CapacityRecommendation: Sendable {
    /// The version this Fleetform writes and reads.
    public static let formatVersion = 1

    /// One line of an hour's capacity: how many instances of a type, where and how bought.
    public struct Line: Sendable, Equatable {
        public var instanceType: String
        public var zone: String
        /// `reserved`, `on_demand` or `spot`.
        public var purchase: String
        public var count: Int
        public var gpusPerInstance: Int
        /// Formatted for the file (`30.3303`).
        public var pricePerHour: String

        /// A capacity line.
        public init(
            instanceType: String, zone: String, purchase: String, count: Int, gpusPerInstance: Int, pricePerHour: String
        ) {
            self.instanceType = instanceType
            self.zone = zone
            self.purchase = purchase
            self.count = count
            self.gpusPerInstance = gpusPerInstance
            self.pricePerHour = pricePerHour
        }
    }

    /// One planned hour.
    public struct Hour: Sendable {
        public var t: Int
        /// What the writer adds between `t` and `capacity` (forecast, GPUs, cost); not read back.
        public var details: [(String, JSONText)]
        public var capacity: [Line]

        /// An hour's capacity.
        public init(t: Int, details: [(String, JSONText)] = [], capacity: [Line]) {
            self.t = t
            self.details = details
            self.capacity = capacity
        }
    }

    public var region: String?
    public var accelerator: String?
    /// The hour of day (UTC, 0–23, or hours since any midnight) of the first planned hour.
    public var firstHour: Int?
    public var assumptions: [(String, JSONText)]
    public var hours: [Hour]
    public var summary: [(String, JSONText)]

    /// A recommendation of `hours`.
    public init(
        region: String?, accelerator: String?, firstHour: Int?, assumptions: [(String, JSONText)] = [],
        hours: [Hour], summary: [(String, JSONText)] = []
    ) {
        self.region = region
        self.accelerator = accelerator
        self.firstHour = firstHour
        self.assumptions = assumptions
        self.hours = hours
        self.summary = summary
    }

    /// The file's text (pretty-printed, with a final newline).
    public func json() -> String {
        func optional(_ text: String?) -> JSONText { text.map { .string($0) } ?? .null }
        let hours = self.hours.map { hour -> JSONText in
            let capacity = hour.capacity.map { line -> JSONText in
                .object([
                    ("instance_type", .string(line.instanceType)), ("zone", .string(line.zone)),
                    ("purchase", .string(line.purchase)), ("count", .number(Double(line.count))),
                    ("gpus_per_instance", .number(Double(line.gpusPerInstance))),
                    ("price_per_hour", .number(line.pricePerHour)),
                ])
            }
            return .object([("t", .number(Double(hour.t)))] + hour.details + [("capacity", .array(capacity))])
        }
        return JSONText.object([
            ("format_version", .number(Double(Self.formatVersion))), ("region", optional(region)),
            ("accelerator", optional(accelerator)), ("first_hour", firstHour.map { .number(Double($0)) } ?? .null),
            ("assumptions", .object(assumptions)), ("hours", .array(hours)), ("summary", .object(summary)),
        ]).rendered() + "\n"
    }

    /// Why a file is not a recommendation this Fleetform reads.
    public struct ReadError: Error, Sendable {
        /// What is wrong, naming the field.
        public var message: String
        /// The version found, when that is the problem.
        public var foundVersion: Int?
    }

    /// Reads a recommendation file's schedule (details, assumptions and summary are left out).
    public init(json data: Data) throws(ReadError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw ReadError(message: Self.describe(error))
        }
        guard document.format_version == Self.formatVersion else {
            throw ReadError(
                message:
                    "format_version \(document.format_version); this Fleetform reads version \(Self.formatVersion)",
                foundVersion: document.format_version)
        }
        self.init(
            region: document.region, accelerator: document.accelerator, firstHour: document.first_hour,
            hours: document.hours.map { hour in
                Hour(
                    t: hour.t,
                    capacity: hour.capacity.map {
                        Line(
                            instanceType: $0.instance_type, zone: $0.zone ?? "", purchase: $0.purchase, count: $0.count,
                            gpusPerInstance: $0.gpus_per_instance ?? 0, pricePerHour: "")
                    })
            })
    }

    private struct Document: Decodable {
        struct Hour: Decodable {
            struct Line: Decodable {
                var instance_type: String
                var zone: String?
                var purchase: String
                var count: Int
                var gpus_per_instance: Int?
            }
            var t: Int
            var capacity: [Line]
        }
        var format_version: Int
        var region: String?
        var accelerator: String?
        var first_hour: Int?
        var hours: [Hour]
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "'\(key.stringValue)' is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
        default: return "\(error)"
        }
    }
}
