/// What the planner decided for one resource, in Terraform's vocabulary.
public enum ChangeAction: String, Hashable, Codable, Sendable, CaseIterable {
    case noOp = "no-op"
    case create
    case update
    case delete
    /// Replace: delete the old, then create the new.
    case deleteThenCreate = "delete-create"
    /// Replace with create-before-destroy.
    case createThenDelete = "create-delete"

    /// The `change.actions` array of Terraform's JSON plan.
    public var terraformActions: [String] {
        switch self {
        case .noOp: return ["no-op"]
        case .create: return ["create"]
        case .update: return ["update"]
        case .delete: return ["delete"]
        case .deleteThenCreate: return ["delete", "create"]
        case .createThenDelete: return ["create", "delete"]
        }
    }

    /// Whether this is a replacement.
    public var isReplace: Bool { self == .deleteThenCreate || self == .createThenDelete }

    /// The symbol in human plan output (`+`, `~`, `-`, `-/+`, `+/-`).
    public var symbol: String {
        switch self {
        case .noOp: return " "
        case .create: return "+"
        case .update: return "~"
        case .delete: return "-"
        case .deleteThenCreate: return "-/+"
        case .createThenDelete: return "+/-"
        }
    }
}

/// One resource's planned change: what it is now, what it will be, and why.
public struct PlannedChange: Hashable, Sendable {
    public var address: ResourceAddress
    public var provider: ProviderConfig
    public var action: ChangeAction
    /// Attributes in the prior state (nil for a create).
    public var before: [String: AttributeValue]?
    /// Attributes after the change (nil for a delete); unknown values are `.unknown`.
    public var after: [String: AttributeValue]?
    /// Attributes whose values the change sets or alters (sorted); empty for no-op.
    public var changedAttributes: [String]
    /// Attributes that force the replacement (sorted).
    public var replacePaths: [String]
    /// Why the action was chosen, when it is not obvious (`requested with --replace`).
    public var reason: String?
    /// The declared resource, for creates and updates: what the executor sends.
    public var desired: ManifestResource?
    /// Resources this one depends on (from the manifest, or the state for deletes).
    public var dependencies: [ResourceAddress]
    /// Attributes masked in output.
    public var sensitive: [String]
    /// The resource id in the prior state, if any.
    public var priorID: String?

    public init(
        address: ResourceAddress, provider: ProviderConfig, action: ChangeAction,
        before: [String: AttributeValue]?, after: [String: AttributeValue]?, changedAttributes: [String] = [],
        replacePaths: [String] = [], reason: String? = nil, desired: ManifestResource? = nil,
        dependencies: [ResourceAddress] = [], sensitive: [String] = [], priorID: String? = nil
    ) {
        self.address = address
        self.provider = provider
        self.action = action
        self.before = before
        self.after = after
        self.changedAttributes = changedAttributes
        self.replacePaths = replacePaths
        self.reason = reason
        self.desired = desired
        self.dependencies = dependencies
        self.sensitive = sensitive
        self.priorID = priorID
    }
}

/// An attribute that changed outside Fleetform since the last apply (found by refresh).
public struct DriftedAttribute: Hashable, Sendable {
    public var address: ResourceAddress
    public var attribute: String
    /// Value in state before the refresh (nil if absent).
    public var recorded: AttributeValue?
    /// Value the cloud reports now (nil if absent, or the resource is gone).
    public var actual: AttributeValue?

    public init(address: ResourceAddress, attribute: String, recorded: AttributeValue?, actual: AttributeValue?) {
        self.address = address
        self.attribute = attribute
        self.recorded = recorded
        self.actual = actual
    }
}

/// The planner's result: every change, in an order that respects dependencies.
public struct Plan: Hashable, Sendable {
    public var stack: String
    public var environment: String
    /// Changes in execution order: creates and updates after what they depend on, deletes before
    /// what they depended on. No-ops are included so the full picture can be rendered.
    public var changes: [PlannedChange]
    /// Drift found by the refresh that preceded the plan.
    public var drift: [DriftedAttribute]
    /// Warnings found while planning.
    public var warnings: [Diagnostic]
    /// The prior state the plan was made against.
    public var priorLineage: String
    public var priorSerial: Int
    /// Pool rollouts: launch template changes carried out as phases beside the old group.
    public var rollouts: [PlannedRollout] = []

    public init(
        stack: String, environment: String, changes: [PlannedChange], drift: [DriftedAttribute] = [],
        warnings: [Diagnostic] = [], priorLineage: String, priorSerial: Int
    ) {
        self.stack = stack
        self.environment = environment
        self.changes = changes
        self.drift = drift
        self.warnings = warnings
        self.priorLineage = priorLineage
        self.priorSerial = priorSerial
    }

    /// Resources to add, change and destroy, counted as Terraform does (a replacement counts
    /// once to add and once to destroy).
    public var summary: (add: Int, change: Int, destroy: Int) {
        var add = 0, change = 0, destroy = 0
        for c in changes {
            switch c.action {
            case .noOp: break
            case .create: add += 1
            case .update: change += 1
            case .delete: destroy += 1
            case .deleteThenCreate, .createThenDelete: add += 1; destroy += 1
            }
        }
        change += rollouts.count
        return (add, change, destroy)
    }

    /// Whether applying the plan would change anything.
    public var hasChanges: Bool { changes.contains { $0.action != .noOp } || !rollouts.isEmpty }
}
