import FleetformForecast

/// Where the demand quantile a plan covers comes from.
public enum QuantileSource: String, Sendable, CaseIterable {
    /// Split-conformal calibration on the series' own past (the default; see
    /// ``DemandForecast/calibrated(history:horizon:quantileLevel:forecaster:origins:)``).
    case conformal
    /// The forecasting model's own interval.
    case model

    /// The forecast of `horizon` hours after `history` at `quantileLevel`.
    public func forecast(history: [Double], horizon: Int, quantileLevel: Double, forecaster: Forecaster)
        -> DemandForecast
    {
        switch self {
        case .conformal:
            return DemandForecast.calibrated(
                history: history, horizon: horizon, quantileLevel: quantileLevel, forecaster: forecaster)
        case .model:
            return DemandForecast(
                history: history, horizon: horizon, quantileLevel: quantileLevel, forecaster: forecaster)
        }
    }
}
