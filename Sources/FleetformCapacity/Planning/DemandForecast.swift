import FleetformForecast

/// The demand a plan is made for: per hour the forecast mean and the quantile the SLO asks for.
public struct DemandForecast: Sendable, Equatable {
    /// The forecasting model, `Naive`.
    public var model: String
    /// Quantile level in (0, 1).
    public var quantileLevel: Double
    /// Mean GPUs per hour.
    public var mean: [Double]
    /// GPUs at ``quantileLevel`` per hour.
    public var quantile: [Double]

    /// A forecast from explicit values.
    public init(model: String, quantileLevel: Double, mean: [Double], quantile: [Double]) {
        self.model = model
        self.quantileLevel = quantileLevel
        self.mean = mean
        self.quantile = quantile
    }

    /// Forecasts `horizon` hours after `history` with `forecaster`'s method and seasons and
    /// takes the upper bound of the central interval at level `2q − 1` as the `q` quantile.
    public init(history: [Double], horizon: Int, quantileLevel: Double, forecaster: Forecaster) {
        var forecaster = forecaster
        forecaster.levels = [(2 * quantileLevel - 1) * 100]
        let forecast = forecaster.forecast(history, horizon: horizon)
        self.init(
            model: forecast.model, quantileLevel: quantileLevel, mean: forecast.mean,
            quantile: forecast.intervals[0].hi)
    }

    /// Whole GPUs per hour to plan for: the quantile rounded up.
    public var requiredGPUs: [Int] { quantile.map { Int(max(0, $0 - 1e-9).rounded(.up)) } }
}
