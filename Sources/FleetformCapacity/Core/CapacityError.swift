/// What is wrong with a capacity request, and what to do about it.
public struct CapacityError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case invalidProblem, noInstanceTypes, invalidAssumption, notEnoughHistory
    }

    private let code: Code
    /// The message shown to the user: what happened and what to do.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The deterministic problem is malformed (negative demand, a price that is not positive, …).
    public static func invalidProblem(_ detail: String) -> CapacityError {
        CapacityError(.invalidProblem, "invalid capacity problem: \(detail)")
    }

    /// No instance type in the catalog carries the accelerator in the region.
    public static func noInstanceTypes(accelerator: String, region: String, known: [String]) -> CapacityError {
        let hint =
            known.isEmpty
            ? "the price catalog lists no accelerator instances in \(region); check --region"
            : "accelerators priced there: \(known.joined(separator: ", "))"
        return CapacityError(
            .noInstanceTypes, "no instance type with an on-demand price carries \(accelerator) in \(region); \(hint)")
    }

    /// A parameter is out of range (SLO, discount, spot share).
    public static func invalidAssumption(_ detail: String) -> CapacityError {
        CapacityError(.invalidAssumption, detail)
    }

    /// The demand series is too short for the requested holdout.
    public static func notEnoughHistory(series: String, hours: Int, needed: Int) -> CapacityError {
        CapacityError(
            .notEnoughHistory,
            "series '\(series)' has \(hours) hours; the backtest needs at least \(needed) (holdout + 24 hours of history); "
                + "lower --holdout")
    }
}
