/// Which model family forecasts a series.
public enum ForecastMethod: String, Sendable, CaseIterable {
    /// Per series, the candidate (or combination of the best few) with the smallest
    /// rolling-origin cross-validation error, the simpler one when the edge is within noise.
    case auto
    /// The last value repeated.
    case naive
    /// The last season repeated (the shortest requested season).
    case seasonalNaive = "seasonal-naive"
    /// The theta method (the best of the four models of Fiorucci et al. 2016 by in-sample
    /// error), seasonally adjusted by the shortest requested season when it is significant.
    case theta
    /// ETS selected by AICc, with the shortest requested season.
    case ets
    /// MSTL decomposition over all requested seasons with ETS on the adjusted series.
    case mstl
}
