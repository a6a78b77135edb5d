/// One member of the exponential smoothing (ETS) state-space family of Hyndman, Koehler,
/// Ord & Snyder, *Forecasting with Exponential Smoothing* (Springer, 2008), ch. 2: an
/// additive or multiplicative error; no, additive or damped additive trend; no, additive or
/// multiplicative season of a given period. Written as R's `forecast::ets` does: `ETS(A,Ad,A)`.
public struct ETSForm: Hashable, Sendable, CustomStringConvertible {
    /// How the error enters the observation equation.
    public enum ErrorType: String, Sendable, CaseIterable { case additive = "A", multiplicative = "M" }
    /// The trend component. Multiplicative trends are left out, as `ets` and statsforecast's
    /// `AutoETS` leave them out by default (they extrapolate explosively).
    public enum TrendType: String, Sendable, CaseIterable { case none = "N", additive = "A", damped = "Ad" }
    /// The seasonal component.
    public enum SeasonType: String, Sendable, CaseIterable { case none = "N", additive = "A", multiplicative = "M" }

    /// The error type.
    public var error: ErrorType
    /// The trend type.
    public var trend: TrendType
    /// The season type.
    public var season: SeasonType
    /// The season length in hours (1 when `season == .none`).
    public var period: Int

    /// A form; `period` is ignored (set to 1) for a non-seasonal form.
    public init(error: ErrorType, trend: TrendType, season: SeasonType, period: Int = 1) {
        self.error = error
        self.trend = trend
        self.season = season
        self.period = season == .none ? 1 : period
    }

    /// `ETS(A,Ad,A)`, with the period appended for seasons other than 24: `ETS(A,N,A)[168]`.
    public var description: String {
        let base = "ETS(\(error.rawValue),\(trend.rawValue),\(season.rawValue))"
        return season != .none && period != 24 ? "\(base)[\(period)]" : base
    }

    /// Forms with a finite forecast variance whose point forecasts do not explode, the set
    /// `ets(restrict = TRUE)` searches: an additive error never with a multiplicative season.
    static func candidates(period: Int, seasonal: Bool, positive: Bool) -> [ETSForm] {
        var forms: [ETSForm] = []
        for error in ErrorType.allCases where error == .additive || positive {
            for trend in TrendType.allCases {
                for season in SeasonType.allCases {
                    if season != .none && !seasonal { continue }
                    if season == .multiplicative && (error == .additive || !positive) { continue }
                    forms.append(ETSForm(error: error, trend: trend, season: season, period: period))
                }
            }
        }
        return forms
    }

    /// Analytic forecast variance class of Hyndman et al. (2008) ch. 6: 1 (linear, additive
    /// error), 2 (multiplicative error, additive components), or 3 (multiplicative season,
    /// no closed form used here).
    var varianceClass: Int {
        if season == .multiplicative { return 3 }
        return error == .additive ? 1 : 2
    }
}
