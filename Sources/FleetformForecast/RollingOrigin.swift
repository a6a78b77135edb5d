/// Rolling-origin cross-validation on the tail of a series (Tashman 2000, "Out-of-sample
/// tests of forecasting accuracy"; Hyndman & Athanasopoulos FPP3 §5.10): the model is refitted
/// at each of a few origins spread over the last part of the history and forecasts the next
/// `horizon` hours, which are then compared with what happened.
struct RollingOrigin: Sendable {
    /// Where each fold's training part ends (exclusive), ascending.
    var origins: [Int]
    /// Hours forecast from each origin (shorter than the requested horizon for a short series).
    var horizon: Int

    /// Up to `count` origins evenly spread over `[max(minimumTraining, n − h − span), n − h]`,
    /// where `h = min(horizon, n/3)`: every fold forecasts the horizon asked, and the origins
    /// span `span` hours (the longest season, so each phase of it starts a fold's forecast
    /// about equally often). `nil` when the series is too short for one fold.
    init?(count: Int, seriesLength n: Int, horizon requested: Int, span: Int, minimumTraining: Int) {
        let horizon = min(requested, n / 3)
        guard horizon >= 1, count >= 1 else { return nil }
        let last = n - horizon
        let first = max(minimumTraining, last - max(0, span), 2)
        guard last >= first else { return nil }
        let folds = min(count, last - first + 1)
        if folds == 1 {
            origins = [last]
        } else {
            origins = (0..<folds).map { first + (last - first) * $0 / (folds - 1) }
        }
        self.horizon = horizon
    }

    /// The candidate's forecast from every origin (each fitted on the values before it).
    func forecasts(_ values: [Double], candidate: ForecastCandidate, fitter: ETSFitter) -> [PointForecast] {
        origins.map { origin in candidate.forecast(Array(values[0..<origin]), horizon: horizon, fitter: fitter) }
    }

    /// Errors `actual − forecast` of forecasts from ``origins``, one row per origin.
    func errors(_ values: [Double], forecasts: [PointForecast]) -> [[Double]] {
        zip(origins, forecasts).map { origin, forecast in
            (0..<horizon).map { values[origin + $0] - forecast.mean[$0] }
        }
    }

    /// Forecast errors `actual − forecast`, one row per origin, one column per horizon step.
    func errors(_ values: [Double], candidate: ForecastCandidate, fitter: ETSFitter) -> [[Double]] {
        errors(values, forecasts: forecasts(values, candidate: candidate, fitter: fitter))
    }

    /// Mean absolute error over all folds and steps.
    static func meanAbsoluteError(_ errors: [[Double]]) -> Double {
        var sum = 0.0, count = 0
        for row in errors {
            for error in row { sum += abs(error); count += 1 }
        }
        return count > 0 ? sum / Double(count) : .infinity
    }

    /// Symmetric empirical intervals from the fold errors: at step h, the `level` quantile of
    /// |error| over all folds and the steps within `±max(2, H/12)` of h, made non-decreasing
    /// in h; steps beyond the folds' horizon grow with √h from the last one.
    static func halfWidths(_ errors: [[Double]], level: Double, horizon: Int) -> [Double] {
        guard let cvHorizon = errors.first?.count, cvHorizon > 0 else { return Array(repeating: 0, count: horizon) }
        let window = max(2, cvHorizon / 12)
        var widths: [Double] = []
        widths.reserveCapacity(horizon)
        var running = 0.0
        // The window slides one step at a time: keep its |errors| sorted, inserting the column
        // that enters and removing the one that leaves, instead of sorting it again at every step.
        var sample: [Double] = []
        var covered = 0..<0
        func insertionIndex(_ value: Double) -> Int {
            var low = 0, high = sample.count
            while low < high {
                let middle = (low + high) / 2
                if sample[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
        for h in 0..<min(horizon, cvHorizon) {
            let wanted = max(0, h - window)..<(min(cvHorizon - 1, h + window) + 1)
            for step in covered.lowerBound..<min(wanted.lowerBound, covered.upperBound) {
                for row in errors { sample.remove(at: insertionIndex(abs(row[step]))) }
            }
            for step in max(covered.upperBound, wanted.lowerBound)..<wanted.upperBound {
                for row in errors {
                    let value = abs(row[step])
                    sample.insert(value, at: insertionIndex(value))
                }
            }
            covered = wanted
            let position = level / 100 * Double(sample.count - 1)
            let below = Int(position.rounded(.down))
            let above = min(below + 1, sample.count - 1)
            let fraction = position - Double(below)
            let quantile = sample[below] + fraction * (sample[above] - sample[below])
            running = max(running, quantile)
            widths.append(running)
        }
        if horizon > cvHorizon {
            let last = widths[cvHorizon - 1]
            for h in cvHorizon..<horizon { widths.append(last * (Double(h + 1) / Double(cvHorizon)).squareRoot()) }
        }
        return widths
    }
}
