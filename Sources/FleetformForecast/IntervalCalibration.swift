/// Decides where a forecast's intervals come from by how well each source covered the
/// rolling-origin folds: the model's own Gaussian intervals from each fold's fit, against
/// conformal intervals (``RollingOrigin/halfWidths(_:level:horizon:)``) scored out of sample:
/// each fold against the widths that the folds forecasting none of its hours give (blocked
/// leave-out; folds that share target hours share their errors, and would make the conformal
/// intervals look better calibrated than they are).
enum IntervalCalibration {
    /// The fraction of fold actuals inside each fold's own Gaussian interval at `level`;
    /// `nil` when a fold has no analytic standard deviation.
    static func modelCoverage(folds: [PointForecast], errors: [[Double]], level: Double) -> Double? {
        let z = NormalDistribution.quantile(0.5 + level / 200)
        var inside = 0, total = 0
        for (fold, row) in zip(folds, errors) {
            guard let sd = fold.standardDeviation else { return nil }
            for step in row.indices {
                if abs(row[step]) <= z * sd[step] { inside += 1 }
                total += 1
            }
        }
        return total > 0 ? Double(inside) / Double(total) : nil
    }

    /// The fraction of fold actuals inside the conformal interval built from the errors of the
    /// folds whose forecasts share no hour with it (origins at least `horizon` apart); `nil`
    /// when no fold has such neighbours.
    static func conformalCoverage(errors: [[Double]], origins: [Int], horizon: Int, level: Double) -> Double? {
        var inside = 0, total = 0
        for held in errors.indices {
            let others = errors.indices.filter { abs(origins[$0] - origins[held]) >= horizon }.map { errors[$0] }
            guard !others.isEmpty else { continue }
            let widths = RollingOrigin.halfWidths(others, level: level, horizon: errors[held].count)
            for step in errors[held].indices {
                if abs(errors[held][step]) <= widths[step] { inside += 1 }
                total += 1
            }
        }
        return total > 0 ? Double(inside) / Double(total) : nil
    }

    /// Whether the conformal intervals covered the folds closer to the nominal levels than the
    /// model's own (mean absolute miss over `levels`); `true` when the model has none, `false`
    /// when the folds cannot score the conformal ones.
    static func prefersConformal(
        folds: [PointForecast], errors: [[Double]], origins: RollingOrigin, levels: [Double]
    ) -> Bool {
        var modelMiss = 0.0, conformalMiss = 0.0
        for level in levels {
            guard let model = modelCoverage(folds: folds, errors: errors, level: level) else { return true }
            guard
                let conformal = conformalCoverage(
                    errors: errors, origins: origins.origins, horizon: origins.horizon, level: level)
            else { return false }
            modelMiss += abs(model - level / 100)
            conformalMiss += abs(conformal - level / 100)
        }
        return conformalMiss < modelMiss
    }
}
