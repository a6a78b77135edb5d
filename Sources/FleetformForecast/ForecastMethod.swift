/// Which model family forecasts a series.
public enum ForecastMethod: String, Sendable, CaseIterable {
    /// Per series, the candidate with the smallest rolling-origin cross-validation error.
    case auto
    /// The last value repeated.
    case naive
    /// The last season repeated (the shortest requested season).
    case seasonalNaive = "seasonal-naive"
    /// ETS selected by AICc, with the shortest requested season.
    case ets
    /// MSTL decomposition over all requested seasons with ETS on the adjusted series.
    case mstl
}
