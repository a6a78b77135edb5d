/// The state of one synthesis: the stack and environment being expanded, the resources emitted
/// so far and every diagnostic. Constructs receive it in `expand(in:)`.
///
/// It is used from one thread during a synthesis; the task-local `current` lets handles
/// (`network.subnetIDs`) and `Environment.variable` reach it.
public final class SynthesisContext: @unchecked Sendable {
    /// The stack's name.
    public let stackName: String
    /// The environment being synthesized.
    public let environment: Environment
    /// The stack's primary region.
    public let primaryRegion: Region
    /// The stack's disaster-recovery region, if declared.
    public let drRegion: Region?
    /// The stack's declaration site, for stack-level diagnostics.
    public let stackLocation: SourceLocation

    private(set) var resources: [ManifestResource] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var rollouts: [PoolRollout] = []
    private var firstDeclaration: [ResourceAddress: SourceLocation?] = [:]
    private var expanded: Set<String> = []
    private var deferred: [() -> Void] = []
    /// The stack's alert destination, once `Alerts` is expanded.
    var alerts: Alerts?
    /// What the stack's dashboard shows, in the order declared.
    var dashboardWidgets: [AttributeValue] = []
    /// The statements of each stack KMS key's policy, by the key's address (`StackKey`).
    var keyStatements: [ResourceAddress: [AttributeValue]] = [:]
    /// The variables the stack body asked for with `Environment.variable`.
    private(set) var variablesRead: Set<String> = []

    @TaskLocal static var current: SynthesisContext?
    @TaskLocal static var currentModulePath: [String] = []

    init(
        stackName: String, environment: Environment, primaryRegion: Region, drRegion: Region?,
        stackLocation: SourceLocation
    ) {
        self.stackName = stackName
        self.environment = environment
        self.primaryRegion = primaryRegion
        self.drRegion = drRegion
        self.stackLocation = stackLocation
    }

    /// Records a problem.
    public func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Notes that the stack reads the variable `key` (given or not).
    func noteVariableRead(_ key: String) { variablesRead.insert(key) }

    /// An error per `--var` the stack never read in this environment, naming those it does read.
    func checkVariablesRead() {
        let read = variablesRead.sorted()
        for key in environment.variables.keys.sorted() where !variablesRead.contains(key) {
            let reads = read.isEmpty ? "it reads none" : "it reads: " + read.joined(separator: ", ")
            error(
                "variable '\(key)' is not read by stack \(stackName) in \(environment.name); \(reads)"
                    + Suggestions.hint(for: key, among: read),
                hint: "drop --var \(key) or correct its name", at: stackLocation)
        }
    }

    /// Records an error at `location`.
    public func error(_ message: String, hint: String? = nil, at location: SourceLocation?) {
        report(Diagnostic(.error, message, hint: hint, at: location))
    }

    /// Records a warning at `location`: shown with the plan, which still goes ahead.
    public func warning(_ message: String, hint: String? = nil, at location: SourceLocation?) {
        report(Diagnostic(.warning, message, hint: hint, at: location))
    }

    /// Changes the attributes of the resource already emitted at `address` (nothing when none is):
    /// for a construct that decides something about another's resource (a load balancer that
    /// makes its pool's group use the load balancer's health checks).
    func amend(_ address: ResourceAddress, _ change: (inout [String: AttributeValue]) -> Void) {
        guard let index = resources.lastIndex(where: { $0.address == address }) else { return }
        change(&resources[index].attributes)
    }

    /// Emits a resource; a second resource at the same address is reported, not emitted.
    public func emit(_ resource: ManifestResource) {
        if let first = firstDeclaration[resource.address] {
            let where_ =
                first.map { " (first declared at \($0.file.split(separator: "/").last ?? ""):\($0.line))" } ?? ""
            error(
                "duplicate address \(resource.address)\(where_)",
                hint: "give one of the constructs a different name", at: resource.source)
            return
        }
        firstDeclaration[resource.address] = resource.source
        resources.append(resource)
    }

    /// Declares that a pool's launch template changes roll out beside its group.
    public func declareRollout(_ rollout: PoolRollout) { rollouts.append(rollout) }

    /// Marks a declaration as expanded; false when it already was. A construct used by reference
    /// (a `Network` passed to a pool) and also listed in the body expands only once.
    public func firstExpansion(of identity: String) -> Bool {
        expanded.insert(identity).inserted
    }

    /// Whether a declaration has been expanded.
    public func isExpanded(_ identity: String) -> Bool { expanded.contains(identity) }

    /// Runs `check` once the whole stack body has been expanded (a file system listed before the
    /// pools that mount it learns only then whether one did).
    public func afterBody(_ check: @escaping () -> Void) { deferred.append(check) }

    /// Runs the checks deferred with `afterBody` (they may defer more).
    func runDeferred() {
        while !deferred.isEmpty {
            let checks = deferred
            deferred = []
            for check in checks { check() }
        }
    }

    /// Evaluates `body` as the body of module `name`: constructs created inside get the module
    /// in their address.
    public func withModule<T>(_ name: String, _ body: () -> T) -> T {
        Self.$currentModulePath.withValue(Self.currentModulePath + [name], operation: body)
    }

    /// The concrete region for a choice; reports an error when the DR region is asked for but the
    /// stack declares none.
    public func region(_ choice: RegionChoice, at location: SourceLocation?) -> Region {
        switch choice {
        case .primary: return primaryRegion
        case .region(let r): return r
        case .drRegion:
            if let drRegion { return drRegion }
            error(
                "this construct is placed in the DR region, but the stack declares no drRegion",
                hint: "add drRegion: to the Stack declaration", at: location)
            return primaryRegion
        }
    }

    /// A physical name unique per stack, environment and address: `training-dev-trainers`.
    /// Characters outside `allowed` become `-`; longer names are cut and suffixed with a hash.
    public func physicalName(for address: ResourceAddress, maxLength: Int = 64) -> String {
        let parts =
            [stackName, environment.name] + address.modulePath + [address.name] + (address.key.map { [$0] } ?? [])
        let raw = parts.joined(separator: "-")
        var name = String(raw.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        if name.count > maxLength {
            name = String(name.prefix(maxLength - 9)) + "-" + shortHash(raw)
        }
        return name
    }

    /// The name of a stack-wide resource that exists once per region: `name` in the primary
    /// region, `name_<region>` (`fleetform_logs_us_west_2`) elsewhere.
    func regionalName(_ name: String, in region: Region) -> String {
        region == primaryRegion ? name : (name + "_" + region.code).replacingOccurrences(of: "-", with: "_")
    }

    /// A globally unique S3 bucket name: lowercase, ≤ 63 characters, with a stable hash of
    /// stack, environment and address so every environment gets its own bucket.
    public func globalBucketName(for address: ResourceAddress) -> String {
        let base = physicalName(for: address, maxLength: 200).lowercased()
        let hash = shortHash("\(stackName)/\(environment.name)/\(address)")
        let trimmed = String(base.prefix(63 - 9)).trimmingTrailing("-")
        return trimmed + "-" + hash
    }

    /// The tags every resource of this stack carries, plus the construct's own.
    public func tags(for address: ResourceAddress, extra: [String: String]) -> AttributeValue {
        var tags = extra
        tags.merge(OwnershipTags.tags(stack: stackName, environment: environment.name, address: address.description)) {
            _, ownership in ownership
        }
        return .map(tags.mapValues { .string($0) })
    }

    /// The same tags as `tags(for:extra:)` in the shape of an Auto Scaling group's `tag` blocks
    /// (`key`, `value`, `propagate_at_launch`), sorted by key as the provider's set reads back.
    public func tagBlocks(for address: ResourceAddress, extra: [String: String], propagateAtLaunch: Bool = true)
        -> AttributeValue
    {
        let tags = tags(for: address, extra: extra).mapValue ?? [:]
        return .list(
            tags.sorted { $0.key < $1.key }.map { key, value in
                ["key": .string(key), "value": value, "propagate_at_launch": .bool(propagateAtLaunch)]
            })
    }

    /// Builds a manifest resource with the construct's common options applied.
    public func resource(
        _ address: ResourceAddress, region: Region, attributes: [String: AttributeValue],
        options: ConstructOptions, at location: SourceLocation, taggable: Bool = true, usage: [String: Double] = [:],
        sensitive: [String] = []
    ) -> ManifestResource {
        var attributes = attributes
        if taggable { attributes["tags"] = tags(for: address, extra: options.tags) }
        return ManifestResource(
            address: address, provider: ProviderConfig(region: region.code), attributes: attributes,
            dependsOn: options.dependsOn, lifecycle: options.lifecycle, sensitive: sensitive, usage: usage,
            source: location)
    }

    func finish() -> (resources: [ManifestResource], diagnostics: [Diagnostic]) { (resources, diagnostics) }
}

/// An 8-hex-digit FNV-1a hash: stable across runs and platforms.
func shortHash(_ text: String) -> String {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
        hash ^= UInt32(byte)
        hash = hash &* 16_777_619
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
}

extension String {
    func trimmingTrailing(_ character: Character) -> String {
        var s = self
        while s.last == character { s.removeLast() }
        return s
    }
}
