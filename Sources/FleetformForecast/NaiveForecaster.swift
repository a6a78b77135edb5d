import Foundation

/// The naive and seasonal naive benchmark forecasts (Hyndman & Athanasopoulos, *Forecasting:
/// Principles and Practice*, 3rd ed., §5.2), with their analytic intervals (§5.5, table 5.2):
/// naive `σ·√h`, seasonal naive `σ·√(⌊(h−1)/m⌋+1)`, where σ is the root mean square of the
/// one-step (naive) or one-season (seasonal naive) in-sample differences.
enum NaiveForecaster {
    /// Repeats the last value. A series with no values forecasts zeros with zero spread.
    static func naive(_ values: [Double], horizon: Int) -> PointForecast {
        guard let last = values.last else {
            return PointForecast(
                model: "Naive", mean: Array(repeating: 0, count: horizon),
                standardDeviation: Array(repeating: 0, count: horizon))
        }
        let sigma = residualScale(values, lag: 1)
        let sd = (0..<horizon).map { sigma * Double($0 + 1).squareRoot() }
        return PointForecast(model: "Naive", mean: Array(repeating: last, count: horizon), standardDeviation: sd)
    }

    /// Repeats the last full season of length `period`. With fewer than `period` values it
    /// falls back to the naive forecast (and says so in the model name).
    static func seasonalNaive(_ values: [Double], horizon: Int, period: Int) -> PointForecast {
        guard period > 1, values.count >= period else { return naive(values, horizon: horizon) }
        let n = values.count
        let mean = (0..<horizon).map { values[n - period + $0 % period] }
        let sigma = residualScale(values, lag: period)
        let sd = (0..<horizon).map { sigma * Double($0 / period + 1).squareRoot() }
        return PointForecast(model: "SeasonalNaive(\(period))", mean: mean, standardDeviation: sd)
    }

    /// Root mean square of `values[t] - values[t - lag]`; zero when there are no such pairs.
    static func residualScale(_ values: [Double], lag: Int) -> Double {
        guard values.count > lag else { return 0 }
        var sum = 0.0
        for t in lag..<values.count {
            let difference = values[t] - values[t - lag]
            sum += difference * difference
        }
        return (sum / Double(values.count - lag)).squareRoot()
    }
}
