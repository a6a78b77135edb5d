/// Something a stack declares that expands into low-level resources: a `Network`, a
/// `GPUNodePool`, a `Bucket`, a raw `Resource`, or a team's own `Module`.
///
/// Constructs are values. Declaring one never traps or throws; problems become diagnostics
/// when the stack is synthesized.
public protocol Construct: Sendable {
    /// Expands the construct into resources and diagnostics.
    func expand(in context: SynthesisContext)
}

/// Collects the constructs of a stack or module body.
///
/// ```swift
/// Stack("preview", region: .usEast1) { env in
///     let net = Network("core", cidr: "10.50.0.0/16", zones: 2)
///     GPUNodePool("workers", network: net).instanceTypes("g6.xlarge")
///     if env.isProduction { Bucket("audit") }
/// }
/// ```
@resultBuilder
public enum ConstructBuilder {
    /// One construct.
    public static func buildExpression(_ construct: any Construct) -> [any Construct] { [construct] }
    /// Several constructs at once, e.g. from a function that returns them.
    public static func buildExpression(_ constructs: [any Construct]) -> [any Construct] { constructs }
    /// The statements of a body, in order.
    public static func buildBlock(_ parts: [any Construct]...) -> [any Construct] { parts.flatMap { $0 } }
    /// An `if` without `else`: its constructs when the condition holds.
    public static func buildOptional(_ part: [any Construct]?) -> [any Construct] { part ?? [] }
    /// The `if` branch of an `if`/`else` or the first case of a `switch`.
    public static func buildEither(first: [any Construct]) -> [any Construct] { first }
    /// The `else` branch or a later case.
    public static func buildEither(second: [any Construct]) -> [any Construct] { second }
    /// A `for` loop: every iteration's constructs.
    public static func buildArray(_ parts: [[any Construct]]) -> [any Construct] { parts.flatMap { $0 } }
    /// An `if #available` branch.
    public static func buildLimitedAvailability(_ part: [any Construct]) -> [any Construct] { part }
}

/// Where a construct was declared and inside which modules, captured when its value is created.
public struct DeclarationSite: Hashable, Sendable {
    /// The file and line of the declaration.
    public var location: SourceLocation
    /// Module names from the root (empty at the stack's top level).
    public var modulePath: [String]

    init(file: String, line: Int) {
        self.location = SourceLocation(file: file, line: line)
        self.modulePath = SynthesisContext.currentModulePath
    }

    /// The address of a resource declared here.
    func address(_ type: String, _ name: String, key: String? = nil) -> ResourceAddress {
        ResourceAddress(modulePath: modulePath, type: type, name: name, key: key)
    }
}

/// Settings every construct accepts: extra tags, explicit dependencies, lifecycle flags.
public struct ConstructOptions: Hashable, Sendable {
    /// Extra tags on every resource (`.tags(…)`); later keys win.
    public var tags: [String: String] = [:]
    /// Resources every resource of the construct waits for (`.dependsOn(…)`).
    public var dependsOn: [ResourceAddress] = []
    /// `preventDestroy`, `createBeforeDestroy` and `ignoreChanges` for every resource.
    public var lifecycle = Lifecycle()
    /// No tags, no dependencies, default lifecycle.
    public init() {}
}

/// A construct that takes the common modifiers (`.tags`, `.dependsOn`, `.preventDestroy`, …).
public protocol ConfigurableConstruct: Construct {
    /// The settings the common modifiers change.
    var options: ConstructOptions { get set }
}

extension ConfigurableConstruct {
    /// Adds tags to every resource the construct creates.
    public func tags(_ tags: [String: String]) -> Self {
        var copy = self
        copy.options.tags.merge(tags) { _, new in new }
        return copy
    }

    /// Makes every resource of the construct wait for `addresses`.
    public func dependsOn(_ addresses: ResourceAddress...) -> Self {
        var copy = self
        copy.options.dependsOn += addresses
        return copy
    }

    /// A plan that would delete the construct's resources fails instead.
    public func preventDestroy(_ on: Bool = true) -> Self {
        var copy = self
        copy.options.lifecycle.preventDestroy = on
        return copy
    }

    /// Replacements create the new resource before deleting the old one.
    public func createBeforeDestroy(_ on: Bool = true) -> Self {
        var copy = self
        copy.options.lifecycle.createBeforeDestroy = on
        return copy
    }

    /// Attributes changed outside Fleetform (e.g. by an autoscaler) that plans should not revert.
    public func ignoreChanges(_ attributes: String...) -> Self {
        var copy = self
        copy.options.lifecycle.ignoreChanges += attributes
        return copy
    }
}
