import FleetformModel

/// What the executor reports while it works; the CLI turns these into progress lines or JSON.
public enum ApplyEvent: Sendable, Hashable {
    /// An operation started.
    case started(ResourceAddress, ResourceOperation.Kind)
    /// An operation finished; `id` is the resource's cloud id (nil for deletes).
    case finished(ResourceAddress, ResourceOperation.Kind, seconds: Double, id: String?)
    /// An operation failed.
    case failed(ResourceAddress, ResourceOperation.Kind, message: String)
    /// An operation was not attempted because one it depends on failed (or the run was interrupted).
    case skipped(ResourceAddress, ResourceOperation.Kind, reason: String)
    /// A create interrupted by an earlier crash was found in the cloud and adopted.
    case adopted(ResourceAddress, id: String)
    /// A create was interrupted before the service answered: the next run looks it up.
    case inDoubt(ResourceAddress)
    /// A pool rollout's phase started, finished or failed, or the rollout changed course.
    case rollout(RolloutProgress)
}

/// Where a pool rollout is: which phase, what happened, how many nodes each group has in service.
public struct RolloutProgress: Sendable, Hashable {
    public enum Stage: String, Sendable, Hashable {
        case phaseStarted = "phase_started", phaseCompleted = "phase_completed"
        case rollingBack = "rolling_back", rolledBack = "rolled_back", completed, interrupted
    }

    /// The pool's group address.
    public var group: ResourceAddress
    public var stage: Stage
    /// The phase (0-based) and how many there are.
    public var phase: Int
    public var phaseCount: Int
    public var kind: RolloutPhase.Kind?
    /// Nodes in service when the event was made (nil when not read).
    public var blueInService: Int?
    public var greenInService: Int?
    /// What happened, for people.
    public var message: String
}

/// One provider call the executor makes. A replacement is two operations.
public struct ResourceOperation: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable {
        case create, update, delete
        /// Deleting the old object of a create-before-destroy replacement.
        case deleteDeposed = "delete-deposed"

        /// `Creating…`, `Modifying…`, `Destroying…`.
        public var progressVerb: String {
            switch self {
            case .create: return "Creating"
            case .update: return "Modifying"
            case .delete, .deleteDeposed: return "Destroying"
            }
        }

        /// `Creation complete`, …
        public var completionPhrase: String {
            switch self {
            case .create: return "Creation complete"
            case .update: return "Modifications complete"
            case .delete, .deleteDeposed: return "Destruction complete"
            }
        }
    }

    public var address: ResourceAddress
    public var kind: Kind
}
