import Foundation

/// How a pool's change of image, instance types, user data or volume reaches its nodes: a new
/// ("green") Auto Scaling group beside the old ("blue") one, grown in steps while blue shrinks.
public enum RolloutStrategy: Hashable, Sendable {
    /// Green takes `steps` percent of the pool in turn (then 100), pausing `pauseSeconds` after each.
    case canary(steps: [Int], pauseSeconds: Double)
    /// Green comes up at full size beside blue and bakes for `bakeSeconds` before blue retires.
    case blueGreen(bakeSeconds: Double)

    /// `canary 10% → 50% → 100%` or `blue/green`.
    public var summary: String {
        switch self {
        case .canary(let steps, _): return "canary " + (steps + [100]).map { "\($0)%" }.joined(separator: " → ")
        case .blueGreen: return "blue/green"
        }
    }
}

/// What a pool's rollouts do: the strategy, how many nodes above the desired size may run at
/// once, the CloudWatch alarms that gate each pause, and how long nodes may take to come into service.
public struct RolloutPolicy: Hashable, Sendable {
    /// The tag that, set to `false` on an alarm watching a pool's group, keeps the alarm from
    /// gating the pool's rollouts (a GPU idle or saturation alarm says nothing of green's health).
    public static let gateTag = "fleetform:rollout-gate"

    public var strategy: RolloutStrategy
    /// Extra nodes allowed during a rollout; nil: a quarter of the desired size (at least one),
    /// or the whole desired size for blue/green.
    public var surge: Int?
    /// Alarm names that must not be in `ALARM` during a pause or bake.
    public var alarms: [String]
    /// How long green's nodes may take to come into service before the rollout fails.
    public var inServiceTimeoutSeconds: Double

    public init(
        strategy: RolloutStrategy, surge: Int? = nil, alarms: [String] = [], inServiceTimeoutSeconds: Double = 600
    ) {
        self.strategy = strategy
        self.surge = surge
        self.alarms = alarms
        self.inServiceTimeoutSeconds = inServiceTimeoutSeconds
    }

    /// The surge for a pool of `desired` nodes.
    public func surge(forDesired desired: Int) -> Int {
        if let surge { return max(1, surge) }
        if case .blueGreen = strategy { return max(1, desired) }
        return max(1, (desired + 3) / 4)
    }
}

/// A pool whose launch template changes roll out as a new group beside the old one (declared by
/// the DSL next to the pool's resources).
public struct PoolRollout: Hashable, Sendable {
    /// The pool's `aws_autoscaling_group`.
    public var group: ResourceAddress
    /// The pool's `aws_launch_template`.
    public var launchTemplate: ResourceAddress
    public var policy: RolloutPolicy

    public init(group: ResourceAddress, launchTemplate: ResourceAddress, policy: RolloutPolicy) {
        self.group = group
        self.launchTemplate = launchTemplate
        self.policy = policy
    }
}

/// One step of a rollout. After it, green should run `green` nodes and blue `blue`.
public struct RolloutPhase: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Create green's launch template and group (and what names the group) at `green` nodes.
        case createGreen = "create_green"
        /// Grow green to `green`, wait until they are in service, then shrink blue to `blue`.
        case shift
        /// Wait `seconds`, checking the alarm gates.
        case pause
        /// Delete blue; green takes the pool's addresses.
        case retireBlue = "retire_blue"
    }

    public var kind: Kind
    public var green: Int
    public var blue: Int
    public var seconds: Double

    public init(_ kind: Kind, green: Int, blue: Int, seconds: Double = 0) {
        self.kind = kind
        self.green = green
        self.blue = blue
        self.seconds = seconds
    }
}

/// What the executor saw at the end of a phase: nodes in service in each group, and whether the
/// capacity invariants held (`blue + green ≥ desired` and `blue + green ≤ desired + surge`).
public struct RolloutObservation: Hashable, Sendable {
    public var phase: Int
    public var blueInService: Int
    public var greenInService: Int
    public var desired: Int
    public var surge: Int

    public init(phase: Int, blueInService: Int, greenInService: Int, desired: Int, surge: Int) {
        self.phase = phase
        self.blueInService = blueInService
        self.greenInService = greenInService
        self.desired = desired
        self.surge = surge
    }

    /// Whether `desired ≤ blue + green ≤ desired + surge`.
    public var invariantsHold: Bool {
        let total = blueInService + greenInService
        return total >= desired && total <= desired + surge
    }
}

/// A rollout under way (or the last one of a pool), as the state and the journal record it.
/// Blue stays at the pool's addresses in `State.resources` until it retires; green's resources
/// live here, at the same addresses, with the generation suffix in their names (`-g2`, `-g3`, …).
public struct RolloutRecord: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        /// Phases are being carried out (or were, when the run stopped).
        case running
        /// A gate failed or the rollout was aborted: green goes, blue comes back to full size.
        case rollingBack = "rolling_back"
        /// Blue retired; green holds the pool's addresses.
        case completed
        /// Green removed; blue holds the pool again.
        case rolledBack = "rolled_back"
    }

    public var group: ResourceAddress
    public var launchTemplate: ResourceAddress
    /// Green's generation (blue's plus one; a pool never rolled is generation 1).
    public var generation: Int
    public var policy: RolloutPolicy
    public var desired: Int
    public var surge: Int
    public var phases: [RolloutPhase]
    /// How many phases are done.
    public var completed: Int
    public var status: Status
    /// Why it rolls back: the gate that failed, or `aborted`.
    public var reason: String?
    /// Green's declarations (names with the generation suffix), launch template first.
    public var declared: [ManifestResource]
    /// Green's resources as created so far.
    public var green: [ResourceState]
    /// One observation per finished phase.
    public var observations: [RolloutObservation]

    public init(
        group: ResourceAddress, launchTemplate: ResourceAddress, generation: Int, policy: RolloutPolicy, desired: Int,
        surge: Int, phases: [RolloutPhase], completed: Int = 0, status: Status = .running, reason: String? = nil,
        declared: [ManifestResource], green: [ResourceState] = [], observations: [RolloutObservation] = []
    ) {
        self.group = group
        self.launchTemplate = launchTemplate
        self.generation = generation
        self.policy = policy
        self.desired = desired
        self.surge = surge
        self.phases = phases
        self.completed = completed
        self.status = status
        self.reason = reason
        self.declared = declared
        self.green = green
        self.observations = observations
    }

    /// Whether the rollout still has work to do (running or rolling back).
    public var isActive: Bool { status == .running || status == .rollingBack }

    /// Whether `resource` names the group in `autoscaling_group_name` (a load balancer
    /// attachment, a schedule): a companion, of which green gets its own beside blue's.
    public static func isCompanion(_ resource: ManifestResource, of group: ResourceAddress) -> Bool {
        resource.address != group
            && resource.attributes["autoscaling_group_name"]?.references.contains { $0.address == group } == true
    }

    /// What in `declared` follows the pool instead of being doubled: resources that watch the
    /// group by name (alarms, a dashboard), changed to name green's group when blue retires.
    public var followers: [ManifestResource] {
        declared.filter { $0.address != group && $0.address != launchTemplate && !Self.isCompanion($0, of: group) }
    }

    /// `value` with the group name `old` replaced by `new` where a string holds it quoted (a
    /// dashboard's JSON body). A bare string equal to it is not replaced: the pool's role and
    /// profile share the group's name, and they do not follow the group.
    public static func renamingGroup(_ value: AttributeValue, from old: String, to new: String) -> AttributeValue {
        switch value {
        case .string(let text):
            return .string(text.replacingOccurrences(of: "\"\(old)\"", with: "\"\(new)\""))
        case .list(let items): return .list(items.map { renamingGroup($0, from: old, to: new) })
        case .map(let members): return .map(members.mapValues { renamingGroup($0, from: old, to: new) })
        default: return value
        }
    }

    /// Whether `value` holds the group name `name` as `renamingGroup` would replace it.
    public static func mentionsGroup(_ value: AttributeValue, named name: String) -> Bool {
        renamingGroup(value, from: name, to: name + "\u{0}") != value
    }
}

/// A rollout in a plan: new, or one an earlier run left to resume.
public struct PlannedRollout: Hashable, Sendable {
    public var record: RolloutRecord
    /// The changes to the pool's launch template and group the rollout carries out instead.
    public var replaces: [PlannedChange]
    /// Whether an earlier run started it.
    public var resuming: Bool
    /// Node-hours that run beside the pool during the rollout (priced as a one-off).
    public var overlapNodeHours: Double
    /// The instance type green runs (for pricing the overlap).
    public var instanceType: String

    public init(
        record: RolloutRecord, replaces: [PlannedChange], resuming: Bool, overlapNodeHours: Double,
        instanceType: String
    ) {
        self.record = record
        self.replaces = replaces
        self.resuming = resuming
        self.overlapNodeHours = overlapNodeHours
        self.instanceType = instanceType
    }
}

/// Reads what a rollout's gates look at: nodes in service in a group, and alarm states.
public protocol RolloutProbe: Sendable {
    /// Instances of the group `name` whose lifecycle state is `InService`.
    func inServiceCount(group name: String, region: String) async throws -> Int
    /// Of `names`, the alarms whose state is `ALARM`.
    func alarmsFiring(_ names: [String], region: String) async throws -> [String]
}
