import FleetformModel

/// A plan saved with `fleetform plan --out FILE`, bound to the exact state it was made against
/// so that applying it later refuses a state that has moved on.
public struct SavedPlan: Hashable, Sendable {
    /// The plan (it names its stack, environment, prior lineage and serial).
    public var plan: Plan
    /// Whether a state existed when the plan was made (a first plan runs against none).
    public var stateExisted: Bool
    /// SHA-256 of the prior state's encoding (`StateFile.digest(of:)`); nil when none existed.
    public var stateDigest: String?

    /// Binds `plan` to `priorState`, the state it was made against (nil when there was none).
    public init(plan: Plan, priorState: State?) {
        self.plan = plan
        self.stateExisted = priorState != nil
        self.stateDigest = priorState.map(StateFile.digest(of:))
    }

    init(plan: Plan, stateExisted: Bool, stateDigest: String?) {
        self.plan = plan
        self.stateExisted = stateExisted
        self.stateDigest = stateDigest
    }

    /// Checks that this plan may be applied to `state` (nil when no state exists) of `stack` and
    /// `environment`: same stack and environment, same state history (lineage), same serial and
    /// same content.
    ///
    /// - Parameter file: the plan file's path, for messages.
    /// - Throws: `FileFormatError` of kind `.foreignPlan` or `.stalePlan`, saying what changed.
    public func verify(against state: State?, stack: String, environment: String, file: String) throws(FileFormatError)
    {
        guard plan.stack == stack, plan.environment == environment else {
            throw .foreignPlan(
                file: file,
                "it was made for stack '\(plan.stack)', environment '\(plan.environment)', not stack '\(stack)', "
                    + "environment '\(environment)'; pass --stack \(plan.stack) --env \(plan.environment), "
                    + "or make a plan for this environment")
        }
        guard let state else {
            if stateExisted {
                throw .stalePlan(
                    file: file, "it was made against state serial \(plan.priorSerial), but there is no state now")
            }
            return
        }
        guard stateExisted else {
            throw .stalePlan(
                file: file, "it was made before any state existed, but a state (serial \(state.serial)) exists now")
        }
        guard state.lineage == plan.priorLineage else {
            throw .foreignPlan(
                file: file,
                "it was made against a state of another history (lineage \(plan.priorLineage), this state's is "
                    + "\(state.lineage)); make a new plan with 'fleetform plan --out \(file)'")
        }
        guard state.serial == plan.priorSerial else {
            throw .stalePlan(
                file: file,
                "it was made against state serial \(plan.priorSerial), but the state is now at serial "
                    + "\(state.serial) (something was applied since)")
        }
        guard StateFile.digest(of: state) == stateDigest else {
            throw .stalePlan(
                file: file, "the state's content changed since the plan was made, though its serial did not")
        }
    }
}
