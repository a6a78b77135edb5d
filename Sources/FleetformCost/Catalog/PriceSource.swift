/// Where a price came from and when it was read: every price in the catalog carries one.
public struct PriceSource: Hashable, Codable, Sendable {
    /// Short id used inside the catalog file (`skypilot-aws-vms`, `aws-s3-pricing`).
    public var id: String
    /// What the source is, in words.
    public var title: String
    /// Where to look it up.
    public var url: String
    /// The date the prices were read or published (`YYYY-MM-DD`).
    public var date: String

    public init(id: String, title: String, url: String, date: String) {
        self.id = id
        self.title = title
        self.url = url
        self.date = date
    }
}

/// One price in US dollars per `unit` (`hour`, `GB-month`, `1000 requests`, `GB`), with its source.
public struct Price: Hashable, Sendable {
    public var usd: Double
    public var unit: String
    public var source: PriceSource

    public init(usd: Double, unit: String, source: PriceSource) {
        self.usd = usd
        self.unit = unit
        self.source = source
    }
}
