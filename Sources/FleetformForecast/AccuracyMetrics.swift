/// Point and interval accuracy measures for backtests.
///
/// MASE is Hyndman & Koehler (2006), "Another look at measures of forecast accuracy": the
/// mean absolute error scaled by the in-sample mean absolute seasonal difference of the
/// training part. Pooled MASE over a panel is ΣMAE / Σscale, which a few series with a tiny
/// scale cannot dominate. sMAPE is the M4 competition's, in percent (0–200).
public enum AccuracyMetrics {
    /// Mean absolute error of `forecast` against `actual` (same length).
    public static func meanAbsoluteError(actual: [Double], forecast: [Double]) -> Double {
        precondition(actual.count == forecast.count, "actual and forecast differ in length")
        guard !actual.isEmpty else { return 0 }
        var sum = 0.0
        for (a, f) in zip(actual, forecast) { sum += abs(a - f) }
        return sum / Double(actual.count)
    }

    /// The MASE scale: mean of `|y[t] − y[t−period]|` over the training values; `nil` if the
    /// training part is not longer than `period`.
    public static func maseScale(training: [Double], period: Int = 24) -> Double? {
        guard training.count > period else { return nil }
        var sum = 0.0
        for t in period..<training.count { sum += abs(training[t] - training[t - period]) }
        return sum / Double(training.count - period)
    }

    /// MASE with the seasonal scale of `training`; `nil` when that scale is zero or undefined
    /// (a constant training part), where MASE is infinite or undefined.
    public static func mase(actual: [Double], forecast: [Double], training: [Double], period: Int = 24) -> Double? {
        guard let scale = maseScale(training: training, period: period), scale > 0 else { return nil }
        return meanAbsoluteError(actual: actual, forecast: forecast) / scale
    }

    /// Symmetric MAPE in percent: mean of `200·|a−f| / (|a|+|f|)`, a pair of zeros counting 0.
    public static func smape(actual: [Double], forecast: [Double]) -> Double {
        precondition(actual.count == forecast.count, "actual and forecast differ in length")
        guard !actual.isEmpty else { return 0 }
        var sum = 0.0
        for (a, f) in zip(actual, forecast) {
            let denominator = abs(a) + abs(f)
            if denominator > 0 { sum += 200 * abs(a - f) / denominator }
        }
        return sum / Double(actual.count)
    }

    /// The fraction of `actual` inside `[lo, hi]` (bounds included).
    public static func coverage(actual: [Double], lo: [Double], hi: [Double]) -> Double {
        precondition(actual.count == lo.count && actual.count == hi.count, "actual and bounds differ in length")
        guard !actual.isEmpty else { return 0 }
        var inside = 0
        for index in actual.indices where actual[index] >= lo[index] && actual[index] <= hi[index] { inside += 1 }
        return Double(inside) / Double(actual.count)
    }
}
