/// Forecasts hourly demand series with prediction intervals.
///
/// `auto` (the default) fits, per series, the naive forecast, a seasonal naive forecast for the
/// shortest season, ETS selected by AICc (with the shortest season) and MSTL over the seasons; a
/// step-like series (at least half its hours repeat the previous value) gets only naive and
/// non-seasonal ETS. It keeps the candidate with the smallest
/// rolling-origin cross-validation error on the tail (see ``RollingOrigin``), preferring the
/// simpler model on ties, so a step-like series is forecast naively. Intervals are the
/// model's analytic ones where it has them (naive, seasonal naive, ETS variance classes 1 and
/// 2, MSTL through its ETS model) and come from the cross-validation errors at each horizon
/// otherwise (ETS with a multiplicative season). Data that is never negative gets no negative
/// forecasts or bounds.
///
/// ```swift
/// let forecast = Forecaster(method: .auto, seasons: [24, 168], levels: [80, 95])
///     .forecast(series.values, horizon: 168)
/// print(forecast.model, forecast.mean[0], forecast.intervals[1].hi[0])
/// ```
public struct Forecaster: Sendable {
    /// The model family.
    public var method: ForecastMethod
    /// Candidate season lengths in hours (e.g. daily 24 and weekly 168).
    public var seasons: [Int]
    /// Interval levels in percent, each in (0, 100).
    public var levels: [Double]
    /// Cross-validation origins per series.
    public var crossValidationFolds: Int
    /// Where intervals come from (default: the model's own where it has them).
    public var intervals: IntervalSource

    let fitter = ETSFitter()
    /// The share of unchanged hours above which `auto` treats a series as step-like.
    static let stepLikeShare = 0.5

    /// A forecaster.
    public init(
        method: ForecastMethod = .auto, seasons: [Int] = [24, 168], levels: [Double] = [80, 95],
        crossValidationFolds: Int = 24, intervals: IntervalSource = .model
    ) {
        self.method = method
        self.seasons = seasons.filter { $0 > 1 }.sorted()
        self.levels = levels
        self.crossValidationFolds = crossValidationFolds
        self.intervals = intervals
    }

    /// Checks the request; the library's only failure mode besides bad CSV.
    public func validate(horizon: Int) throws(ForecastError) {
        guard horizon >= 1 else { throw .badRequest("the horizon must be at least 1 hour, got \(horizon)") }
        for level in levels where !(level > 0 && level < 100) {
            throw .badRequest("interval levels must lie strictly between 0 and 100, got \(level)")
        }
    }

    /// Forecasts `horizon` hours after the last of `values`. Never fails: an empty series
    /// forecasts zeros, a constant or very short one is forecast naively.
    public func forecast(_ values: [Double], horizon: Int) -> ModelForecast {
        let horizon = max(horizon, 0)
        let nonNegative = values.allSatisfy { $0 >= 0 }
        let minimum = values.min() ?? 0, maximum = values.max() ?? 0
        let constant = maximum - minimum <= 1e-12 * max(1, abs(maximum))
        if values.count < 3 || constant {
            return finish(NaiveForecaster.naive(values, horizon: horizon), errors: nil, nonNegative: nonNegative)
        }
        let shortest = seasons.first { values.count >= 2 * $0 + 2 }
        switch method {
        case .naive:
            return explicit(.naive, values, horizon: horizon, nonNegative: nonNegative)
        case .seasonalNaive:
            let period = seasons.first { values.count > $0 } ?? 1
            return explicit(
                period > 1 ? .seasonalNaive(period: period) : .naive, values, horizon: horizon, nonNegative: nonNegative
            )
        case .ets:
            return explicit(.ets(period: shortest ?? 1, form: nil), values, horizon: horizon, nonNegative: nonNegative)
        case .mstl:
            return explicit(.mstl(periods: seasons, trendForm: nil), values, horizon: horizon, nonNegative: nonNegative)
        case .auto:
            return automatic(values, horizon: horizon, nonNegative: nonNegative)
        }
    }

    /// One model; cross-validation only when it lacks analytic intervals or they are not wanted.
    func explicit(_ candidate: ForecastCandidate, _ values: [Double], horizon: Int, nonNegative: Bool) -> ModelForecast
    {
        var (point, fixed) = candidate.fit(values, horizon: horizon, fitter: fitter)
        if intervals == .crossValidation { point.standardDeviation = nil }
        guard point.standardDeviation == nil else { return finish(point, errors: nil, nonNegative: nonNegative) }
        let folds = RollingOrigin(
            count: crossValidationFolds, seriesLength: values.count, horizon: horizon,
            minimumTraining: fixed.minimumTraining)
        let errors = folds?.errors(values, candidate: fixed, fitter: fitter)
        return finish(point, errors: errors, nonNegative: nonNegative)
    }

    /// `auto`: cross-validate the candidates on the tail and keep the best.
    func automatic(_ values: [Double], horizon: Int, nonNegative: Bool) -> ModelForecast {
        let n = values.count
        // A step-like series (most hours repeat the previous value, as a long-running inference
        // service's GPU count does) has no seasonal shape to fit: only naive and non-seasonal ETS.
        var repeats = 0
        for t in 1..<n where values[t] == values[t - 1] { repeats += 1 }
        let stepLike = Double(repeats) >= Self.stepLikeShare * Double(n - 1)
        let active = stepLike ? [] : seasons.filter { n >= 2 * $0 + 2 }
        var candidates: [ForecastCandidate] = [.naive]
        // Seasonal naive only for the shortest season: repeating one noisy week is no estimate
        // of a weekly profile (MSTL smooths that one).
        if let shortest = active.first { candidates.append(.seasonalNaive(period: shortest)) }
        candidates.append(.ets(period: active.first ?? 1, form: nil))
        if !active.isEmpty { candidates.append(.mstl(periods: active, trendForm: nil)) }

        // Fit each on the whole series: ETS selects its form and estimates here and the folds run
        // those estimates; MSTL selects its trend form here and the folds refit that form.
        var fitted = candidates.map { candidate in
            let (point, refit) = candidate.fit(values, horizon: horizon, fitter: fitter)
            return (refit, point)
        }

        // Use the folds the most demanding candidate allows; drop candidates that need more
        // history than the tail leaves.
        var folds: RollingOrigin? = nil
        while !fitted.isEmpty {
            let needed = fitted.map(\.0.minimumTraining).max()!
            if let f = RollingOrigin(
                count: crossValidationFolds, seriesLength: n, horizon: horizon, minimumTraining: needed)
            {
                folds = f
                break
            }
            guard fitted.count > 1 else { break }
            fitted.removeAll { $0.0.minimumTraining == needed && $0.0 != .naive }
        }
        guard let folds else {
            return finish(NaiveForecaster.naive(values, horizon: horizon), errors: nil, nonNegative: nonNegative)
        }
        var best: (point: PointForecast, errors: [[Double]], score: Double)? = nil
        for (candidate, point) in fitted {
            let errors = folds.errors(values, candidate: candidate, fitter: fitter)
            let score = RollingOrigin.meanAbsoluteError(errors)
            if best == nil || score < best!.score { best = (point, errors, score) }
        }
        var chosen = best!.point
        if intervals == .crossValidation { chosen.standardDeviation = nil }
        return finish(chosen, errors: best!.errors, nonNegative: nonNegative)
    }

    /// Attaches intervals (analytic, else from fold errors, else none wider than zero) and
    /// truncates at zero for non-negative data.
    func finish(_ point: PointForecast, errors: [[Double]]?, nonNegative: Bool) -> ModelForecast {
        var mean = point.mean
        if nonNegative { mean = mean.map { max(0, $0) } }
        var intervals =
            point.gaussianIntervals(levels: levels)
            ?? levels.map { level in
                let widths =
                    errors.map { RollingOrigin.halfWidths($0, level: level, horizon: mean.count) }
                    ?? Array(repeating: 0, count: mean.count)
                return PredictionInterval(
                    level: level, lo: zip(point.mean, widths).map { $0 - $1 },
                    hi: zip(point.mean, widths).map { $0 + $1 })
            }
        if nonNegative {
            // Truncate the forecast distribution at zero: both bounds, so none falls below the mean.
            for index in intervals.indices {
                intervals[index].lo = intervals[index].lo.map { max(0, $0) }
                intervals[index].hi = intervals[index].hi.map { max(0, $0) }
            }
        }
        return ModelForecast(model: point.model, mean: mean, intervals: intervals)
    }
}
