/// A holdout backtest over a panel: the last `holdout` hours of every series are cut off,
/// forecast from the rest, and scored (see ``AccuracyMetrics``).
///
/// Pure: the caller times it. Series shorter than `holdout + 2` hours are skipped.
public struct Backtest: Sendable {
    /// The scores of one series.
    public struct SeriesScore: Sendable, Equatable {
        /// The series id.
        public var id: String
        /// The model that forecast it.
        public var model: String
        /// MAE over the held-out hours.
        public var meanAbsoluteError: Double
        /// The seasonal MASE scale of the training part; 0 when it was constant over the lag.
        public var scale: Double
        /// MAE / scale; `nil` when the scale is zero.
        public var mase: Double?
        /// sMAPE in percent.
        public var smape: Double
        /// Points inside the interval, per requested level (same order).
        public var inside: [Int]
        /// Held-out points.
        public var points: Int
    }

    /// Panel summary for one forecaster.
    public struct Summary: Sendable, Equatable {
        /// Series scored.
        public var series: Int
        /// Series with a non-zero MASE scale (the ones mean and median MASE average over).
        public var scaledSeries: Int
        /// Mean MASE over the scaled series.
        public var meanMASE: Double?
        /// Median MASE over the scaled series.
        public var medianMASE: Double?
        /// ΣMAE / Σscale over the series with a non-zero scale.
        public var pooledMASE: Double?
        /// Mean sMAPE over all series, in percent.
        public var meanSMAPE: Double
        /// Fraction of held-out points inside the interval, per level.
        public var coverage: [Double]
    }

    /// Hours cut off the end of every series and forecast.
    public var holdout: Int
    /// The lag of the MASE scale (24: daily seasonal differences).
    public var maseSeason: Int

    /// A backtest cutting `holdout` hours, MASE scaled by the `maseSeason`-lag differences.
    public init(holdout: Int, maseSeason: Int = 24) {
        self.holdout = holdout
        self.maseSeason = maseSeason
    }

    /// Scores one series; `nil` if it is too short to cut.
    public func score(_ series: HourlySeries, forecaster: Forecaster) -> SeriesScore? {
        let n = series.values.count
        guard n >= holdout + 2 else { return nil }
        let training = Array(series.values[0..<(n - holdout)])
        let actual = Array(series.values[(n - holdout)...])
        let forecast = forecaster.forecast(training, horizon: holdout)
        let mae = AccuracyMetrics.meanAbsoluteError(actual: actual, forecast: forecast.mean)
        let scale = AccuracyMetrics.maseScale(training: training, period: maseSeason) ?? 0
        let inside = forecast.intervals.map { interval in
            Int(
                (AccuracyMetrics.coverage(actual: actual, lo: interval.lo, hi: interval.hi) * Double(holdout)).rounded()
            )
        }
        return SeriesScore(
            id: series.id, model: forecast.model, meanAbsoluteError: mae, scale: scale,
            mase: scale > 0 ? mae / scale : nil, smape: AccuracyMetrics.smape(actual: actual, forecast: forecast.mean),
            inside: inside, points: holdout
        )
    }

    /// Summarises per-series scores.
    public static func summarize(_ scores: [SeriesScore], levels: Int) -> Summary {
        let mases = scores.compactMap(\.mase).sorted()
        let scaled = scores.filter { $0.mase != nil }
        let totalScale = scaled.reduce(0) { $0 + $1.scale }
        let totalError = scaled.reduce(0) { $0 + $1.meanAbsoluteError }
        let points = scores.reduce(0) { $0 + $1.points }
        let median: Double? =
            mases.isEmpty
            ? nil
            : (mases.count % 2 == 1
                ? mases[mases.count / 2] : (mases[mases.count / 2 - 1] + mases[mases.count / 2]) / 2)
        return Summary(
            series: scores.count, scaledSeries: mases.count,
            meanMASE: mases.isEmpty ? nil : mases.reduce(0, +) / Double(mases.count),
            medianMASE: median,
            pooledMASE: totalScale > 0 ? totalError / totalScale : nil,
            meanSMAPE: scores.isEmpty ? 0 : scores.reduce(0) { $0 + $1.smape } / Double(scores.count),
            coverage: (0..<levels).map { level in
                points > 0 ? Double(scores.reduce(0) { $0 + $1.inside[level] }) / Double(points) : 0
            }
        )
    }
}
