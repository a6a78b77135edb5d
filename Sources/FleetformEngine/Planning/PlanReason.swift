/// The `PlannedChange.reason` texts the planner writes and renderers recognise.
enum PlanReason {
    /// A replacement asked for with `--replace`.
    static let replaceRequested = "requested with --replace"
    /// A delete of a resource that is in the state but no longer declared.
    static let notDeclared = "the stack no longer declares it"

    /// A replacement forced by changes to `attributes`.
    static func forcedBy(_ attributes: [String]) -> String {
        attributes.joined(separator: ", ") + (attributes.count == 1 ? " forces" : " force") + " replacement"
    }
}
