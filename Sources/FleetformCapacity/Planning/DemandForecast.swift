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

    /// Forecasts `horizon` hours after `history` and sets the `q` quantile by split-conformal
    /// calibration on the series' own past: the same forecaster is run from `origins` earlier
    /// cuts (each a day apart, the last one `horizon` hours before the end), and for every day of
    /// the horizon the quantile of the errors (actual − mean) of that day's hours, with the
    /// finite-sample rank `⌈(n+1)·q⌉`, is added to the mean. A model's analytic interval assumes
    /// its own error model; the calibrated one is whatever the series did, level shifts included.
    /// Falls back to the model's interval when the history is too short for two origins.
    public static func calibrated(
        history: [Double], horizon: Int, quantileLevel: Double, forecaster: Forecaster, origins: Int = 6
    ) -> DemandForecast {
        let model = DemandForecast(
            history: history, horizon: horizon, quantileLevel: quantileLevel, forecaster: forecaster)
        let minimumTraining = 48
        let cuts = (0..<origins).map { history.count - horizon - 24 * $0 }.filter { $0 >= minimumTraining }
        guard cuts.count >= 2 else { return model }
        let days = (horizon + 23) / 24
        var errors = [[Double]](repeating: [], count: days)
        for cut in cuts {
            let past = forecaster.forecast(Array(history[..<cut]), horizon: horizon)
            for step in 0..<horizon { errors[step / 24].append(history[cut + step] - past.mean[step]) }
        }
        let margins = errors.map { sample -> Double in
            let sorted = sample.sorted()
            let rank = min(sorted.count, Int((Double(sorted.count + 1) * quantileLevel).rounded(.up)))
            return max(0, sorted[rank - 1])
        }
        let quantile = model.mean.indices.map { model.mean[$0] + margins[$0 / 24] }
        return DemandForecast(
            model: model.model + "+conformal(\(cuts.count))", quantileLevel: quantileLevel, mean: model.mean,
            quantile: quantile)
    }

    /// Whole GPUs per hour to plan for: the quantile rounded up.
    public var requiredGPUs: [Int] { quantile.map { Int(max(0, $0 - 1e-9).rounded(.up)) } }
}
