/// Point forecasts with, where the model has an analytic forecast distribution, the standard
/// deviation of the forecast error at each horizon (a Gaussian forecast distribution).
struct PointForecast: Sendable {
    var model: String
    var mean: [Double]
    /// `nil` when the model has no analytic variance; intervals then come from
    /// cross-validation residuals.
    var standardDeviation: [Double]?

    /// Gaussian intervals `mean ± z·sd`; `nil` without an analytic standard deviation.
    func gaussianIntervals(levels: [Double]) -> [PredictionInterval]? {
        guard let standardDeviation else { return nil }
        return levels.map { level in
            let z = NormalDistribution.quantile(0.5 + level / 200)
            let lo = zip(mean, standardDeviation).map { $0 - z * $1 }
            let hi = zip(mean, standardDeviation).map { $0 + z * $1 }
            return PredictionInterval(level: level, lo: lo, hi: hi)
        }
    }
}
