import FleetformDSL
import FleetformEngine
import FleetformModel

/// Which stack environment a command works on: the stack, the environment's name, whether it
/// is production, and the stack variables (`--stack`, `--env`, `--production`, `--var`).
public struct StackTarget: Sendable {
    /// The stack's name (nil when not given).
    public var stack: String?
    /// The environment's name.
    public var environment: String
    /// Whether the environment is production (nil: decided by its name).
    public var isProduction: Bool?
    /// Stack variables.
    public var variables: [String: String]

    /// A target for `stack`'s `environment`.
    public init(
        stack: String?, environment: String = "dev", isProduction: Bool? = nil, variables: [String: String] = [:]
    ) {
        self.stack = stack
        self.environment = environment
        self.isProduction = isProduction
        self.variables = variables
    }

    /// Whether the environment is production.
    public var production: Bool { value(root: nil).isProduction }

    /// The environment value the stack body receives.
    public func value(root: String?) -> Environment {
        Environment(name: environment, isProduction: isProduction, variables: variables, root: root)
    }
}

/// How to plan: a manifest file instead of the stack, targets, forced replacements, destroy or
/// refresh-only (`--manifest`, `--target`, `--replace`).
public struct PlanSettings: Sendable {
    /// Plan from this manifest file (from `fleetform synth`) instead of the compiled stack.
    public var manifestFile: String?
    /// Limit the plan to these addresses and what they depend on.
    public var targets: [ResourceAddress]
    /// Replace these even when unchanged.
    public var replace: [ResourceAddress]
    /// Plan to delete every resource.
    public var destroy: Bool
    /// With `destroy`, delete the resources retained on destroy too (`--delete-retained`).
    public var deleteRetained = false
    /// Only refresh; plan no change.
    public var refreshOnly: Bool

    /// Settings for a plan of the whole stack unless told otherwise.
    public init(
        manifestFile: String? = nil, targets: [ResourceAddress] = [], replace: [ResourceAddress] = [],
        destroy: Bool = false, refreshOnly: Bool = false
    ) {
        self.manifestFile = manifestFile
        self.targets = targets
        self.replace = replace
        self.destroy = destroy
        self.refreshOnly = refreshOnly
    }

    /// The planner's options.
    public var options: PlanOptions {
        PlanOptions(
            targets: targets, replace: replace, refreshOnly: refreshOnly, destroy: destroy,
            deleteRetained: deleteRetained)
    }
}
