import FleetformModel

/// One operation of applying a plan: what the executor does to one resource at one moment.
/// A replacement is two steps, a destroy and a create, in the order its lifecycle asks for.
public struct PlanStep: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// What the step does.
    public enum Operation: Int, Hashable, Comparable, Sendable, CustomStringConvertible {
        /// Nothing: the resource stays as it is (kept so the graph has every resource).
        case none
        /// Create the resource (or its replacement).
        case create
        /// Update the resource in place.
        case update
        /// Delete the resource (or the object being replaced).
        case destroy

        public static func < (lhs: Operation, rhs: Operation) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .none: return "no-op"
            case .create: return "create"
            case .update: return "update"
            case .destroy: return "destroy"
            }
        }
    }

    /// The resource concerned.
    public var address: ResourceAddress
    /// What happens to it.
    public var operation: Operation

    /// A step doing `operation` to `address`.
    public init(_ address: ResourceAddress, _ operation: Operation) {
        self.address = address
        self.operation = operation
    }

    /// `aws_vpc.core (create)`.
    public var description: String { "\(address) (\(operation))" }

    public static func < (lhs: PlanStep, rhs: PlanStep) -> Bool {
        lhs.address != rhs.address ? lhs.address < rhs.address : lhs.operation < rhs.operation
    }
}
