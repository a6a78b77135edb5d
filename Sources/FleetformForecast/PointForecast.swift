/// Point forecasts with, where the model has an analytic forecast distribution, the standard
/// deviation of the forecast error at each horizon (a Gaussian forecast distribution).
struct PointForecast: Sendable {
    var model: String
    var mean: [Double]
    /// `nil` when the model has no analytic variance; intervals then come from
    /// cross-validation residuals.
    var standardDeviation: [Double]?

    /// Gaussian intervals `mean ± z·sd`, clamped at zero when `nonNegative`.
    func gaussianIntervals(levels: [Double], nonNegative: Bool) -> [PredictionInterval]? {
        guard let standardDeviation else { return nil }
        return levels.map { level in
            let z = NormalDistribution.quantile(0.5 + level / 200)
            var lo = zip(mean, standardDeviation).map { $0 - z * $1 }
            let hi = zip(mean, standardDeviation).map { $0 + z * $1 }
            if nonNegative { lo = lo.map { max(0, $0) } }
            return PredictionInterval(level: level, lo: lo, hi: hi)
        }
    }
}
