import FleetformModel

/// What a plan should cover, as the `plan` command's flags say.
///
/// ```swift
/// let options = PlanOptions(targets: [ResourceAddress(parsing: "aws_autoscaling_group.trainers")!])
/// ```
public struct PlanOptions: Hashable, Sendable {
    /// `--target`: plan only these resources (an address without a key covers all its keyed
    /// instances) and what they depend on, transitively; with `destroy`, these and what depends
    /// on them. Empty means everything.
    public var targets: [ResourceAddress]
    /// `--replace`: replace these resources even when nothing about them changed.
    public var replace: [ResourceAddress]
    /// `--refresh-only`: change no resource; the plan only reports `drift`.
    public var refreshOnly: Bool
    /// `destroy`: plan to delete every resource in the state (but those retained on destroy).
    public var destroy: Bool
    /// `--delete-retained`: with `destroy`, delete the resources retained on destroy too.
    public var deleteRetained: Bool
    /// Drift found by a refresh before planning (see `Planner.drift(recorded:refreshed:)`),
    /// carried into the plan for rendering.
    public var drift: [DriftedAttribute]

    /// Options for a plan; the defaults plan every resource normally.
    public init(
        targets: [ResourceAddress] = [], replace: [ResourceAddress] = [], refreshOnly: Bool = false,
        destroy: Bool = false, deleteRetained: Bool = false, drift: [DriftedAttribute] = []
    ) {
        self.deleteRetained = deleteRetained
        self.targets = targets
        self.replace = replace
        self.refreshOnly = refreshOnly
        self.destroy = destroy
        self.drift = drift
    }
}
