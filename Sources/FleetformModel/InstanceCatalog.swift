/// An EC2 instance type with accelerators: what it carries and where it is offered.
public struct InstanceType: Hashable, Sendable {
    /// `p5.48xlarge`.
    public var name: String
    /// Accelerator model (`H100`, `A100-80GB`, `L4`, `Inferentia2`, …).
    public var accelerator: String
    /// Accelerators per instance.
    public var acceleratorCount: Int
    public var vCPUs: Int
    public var memoryGiB: Double
    /// Total accelerator memory (0 when the source does not say).
    public var acceleratorMemoryMiB: Int
    /// Regions offering the type (sorted).
    public var regions: [String]

    public init(
        name: String, accelerator: String, acceleratorCount: Int, vCPUs: Int, memoryGiB: Double,
        acceleratorMemoryMiB: Int, regions: [String]
    ) {
        self.name = name
        self.accelerator = accelerator
        self.acceleratorCount = acceleratorCount
        self.vCPUs = vCPUs
        self.memoryGiB = memoryGiB
        self.acceleratorMemoryMiB = acceleratorMemoryMiB
        self.regions = regions
    }

    /// The instance family (`p5` for `p5.48xlarge`).
    public var family: String { String(name.prefix { $0 != "." }) }
}

/// The accelerated instance types Fleetform knows, compiled in from a dated snapshot
/// (see `InstanceCatalog+Data.swift` and `scripts/gen-instance-catalog`).
public struct InstanceCatalog: Sendable {
    /// The date the snapshot was read.
    public let snapshotDate: String
    private let byName: [String: InstanceType]

    public init(snapshotDate: String, types: [InstanceType]) {
        self.snapshotDate = snapshotDate
        self.byName = Dictionary(types.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The type called `name`, if known.
    public func type(named name: String) -> InstanceType? { byName[name] }

    /// Every known type, sorted by name.
    public var allTypes: [InstanceType] { byName.values.sorted { $0.name < $1.name } }

    /// Every region that offers at least one known type (sorted).
    public var allRegions: [String] { Set(byName.values.flatMap(\.regions)).sorted() }

    /// Known names closest to `name` (by edit distance), for "did you mean".
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        Suggestions.closest(to: name.lowercased(), among: byName.keys, limit: limit)
    }
}
