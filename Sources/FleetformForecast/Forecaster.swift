/// Forecasts hourly demand series with prediction intervals.
///
/// `auto` (the default) fits, per series, the naive forecast, a seasonal naive forecast for
/// every season the series holds twice, the theta method and ETS (with the shortest season)
/// and MSTL over the seasons; a step-like series (at least half its hours repeat the previous
/// value) gets only naive and non-seasonal ETS. Each is also fitted at 16 rolling origins
/// spanning three of the longest season and scored on the horizon asked (see
/// ``RollingOrigin``); the inverse-error weighted mean of the best three joins them, and
/// ``ModelSelection`` keeps the smallest error unless a simpler candidate is within the noise
/// of the origins. For speed on long series, `auto`'s ETS models are fitted to the last four
/// of the longest season (the explicit `ets` method fits the whole series, as statsforecast
/// does).
///
/// Intervals (``IntervalSource``): by default the model's own (naive, seasonal naive, ETS
/// variance classes 1 and 2, MSTL through its ETS model) or the conformal ones from the same
/// fold errors, whichever covered the folds better; always the conformal ones for theta, a
/// combination or ETS with a multiplicative season. Data that is never negative gets no
/// negative forecasts or bounds.
///
/// ```swift
/// let forecast = Forecaster(method: .auto, seasons: [24, 168], levels: [80, 95])
///     .forecast(series.values, horizon: 168)
/// print(forecast.model, forecast.intervalSource, forecast.mean[0], forecast.intervals[1].hi[0])
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
    /// Where intervals come from (default: whichever covered the folds better).
    public var intervals: IntervalSource

    let fitter = ETSFitter()
    /// The share of unchanged hours above which `auto` treats a series as step-like.
    static let stepLikeShare = 0.5
    /// The rolling origins span this many of the longest season the series holds twice: more
    /// than one, so that one unusual week (a holiday, an outage) among the folds does not
    /// decide the model alone.
    static let originSpanSeasons = 3
    /// `auto` fits its ETS models (the seasonal candidate and MSTL's model of the adjusted
    /// series) to the last this many of the longest season it uses, a day when it uses none
    /// (see ``ETSFitter/window``).
    static let fitWindowSeasons = 4

    /// A forecaster.
    public init(
        method: ForecastMethod = .auto, seasons: [Int] = [24, 168], levels: [Double] = [80, 95],
        crossValidationFolds: Int = 16, intervals: IntervalSource = .automatic
    ) {
        self.method = method
        self.seasons = Array(Set(seasons.filter { $0 > 1 })).sorted()
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
            return finish(NaiveForecaster.naive(values, horizon: horizon), folds: nil, nonNegative: nonNegative)
        }
        let shortest = seasons.first { values.count >= 2 * $0 + 2 }
        let candidate: ForecastCandidate
        switch method {
        case .auto:
            return automatic(values, horizon: horizon, nonNegative: nonNegative)
        case .naive:
            candidate = .naive
        case .seasonalNaive:
            let period = seasons.first { values.count > $0 } ?? 1
            candidate = period > 1 ? .seasonalNaive(period: period) : .naive
        case .theta:
            candidate = .theta(period: shortest ?? 1)
        case .ets:
            candidate = .ets(period: shortest ?? 1, form: nil)
        case .mstl:
            candidate = .mstl(periods: seasons, trendForm: nil)
        }
        return explicit(candidate, values, horizon: horizon, nonNegative: nonNegative)
    }

    /// The rolling origins for a series of `count` values: spanning ``originSpanSeasons`` of the
    /// longest season it holds twice (or as much as it allows), each fold trained on enough
    /// for the shortest.
    func origins(count n: Int, horizon: Int) -> RollingOrigin? {
        let usable = seasons.filter { n >= 2 * $0 + 2 }
        return RollingOrigin(
            count: crossValidationFolds, seriesLength: n, horizon: horizon,
            span: Self.originSpanSeasons * (usable.last ?? min(horizon, 24)),
            minimumTraining: usable.first.map { 2 * $0 + 2 } ?? 8)
    }

    /// One model; its folds only when the intervals need them.
    func explicit(_ candidate: ForecastCandidate, _ values: [Double], horizon: Int, nonNegative: Bool) -> ModelForecast
    {
        let (point, refit) = candidate.fit(values, horizon: horizon, fitter: fitter)
        guard intervals != .model || point.standardDeviation == nil,
            let origins = origins(count: values.count, horizon: horizon)
        else { return finish(point, folds: nil, nonNegative: nonNegative) }
        let folds = origins.forecasts(values, candidate: refit, fitter: fitter)
        let scored = CrossValidatedCandidate(
            forecast: point, folds: folds, errors: origins.errors(values, forecasts: folds),
            complexity: candidate.complexity)
        return finish(point, folds: scored, origins: origins, nonNegative: nonNegative)
    }

    /// `auto`: cross-validate the candidates and their combination, and choose.
    func automatic(_ values: [Double], horizon: Int, nonNegative: Bool) -> ModelForecast {
        let n = values.count
        // A step-like series (most hours repeat the previous value, as a long-running inference
        // service's GPU count does) has no seasonal shape to fit: only naive and non-seasonal ETS.
        var repeats = 0
        for t in 1..<n where values[t] == values[t - 1] { repeats += 1 }
        let stepLike = Double(repeats) >= Self.stepLikeShare * Double(n - 1)
        let active = stepLike ? [] : seasons.filter { n >= 2 * $0 + 2 }
        var candidates: [ForecastCandidate] = [.naive]
        for season in active { candidates.append(.seasonalNaive(period: season)) }
        if !stepLike { candidates.append(.theta(period: active.first ?? 1)) }
        candidates.append(.ets(period: active.first ?? 1, form: nil))
        if !active.isEmpty { candidates.append(.mstl(periods: active, trendForm: nil)) }

        var fitter = self.fitter
        fitter.window = Self.fitWindowSeasons * (active.last ?? 24)
        guard let origins = origins(count: n, horizon: horizon) else {
            return finish(NaiveForecaster.naive(values, horizon: horizon), folds: nil, nonNegative: nonNegative)
        }
        var scored = candidates.map {
            CrossValidatedCandidate($0, values: values, horizon: horizon, origins: origins, fitter: fitter)
        }
        if !stepLike, let combination = ModelSelection.combination(scored, origins: origins, values: values) {
            scored.append(combination)
        }
        let chosen = scored[ModelSelection.choose(scored) ?? 0]
        return finish(chosen.forecast, folds: chosen, origins: origins, nonNegative: nonNegative)
    }

    /// Attaches intervals (analytic or conformal from the fold errors, as ``intervals`` and the
    /// folds decide; zero-width without either) and truncates at zero for non-negative data.
    func finish(
        _ point: PointForecast, folds: CrossValidatedCandidate?, origins: RollingOrigin? = nil, nonNegative: Bool
    ) -> ModelForecast {
        var mean = point.mean
        if nonNegative { mean = mean.map { max(0, $0) } }
        let useModel: Bool
        switch intervals {
        case .model: useModel = point.standardDeviation != nil || folds == nil
        case .crossValidation: useModel = folds == nil
        case .automatic:
            if let folds, let origins {
                useModel =
                    point.standardDeviation != nil
                    && !IntervalCalibration.prefersConformal(
                        folds: folds.folds, errors: folds.errors, origins: origins, levels: levels)
            } else {
                useModel = true
            }
        }
        var intervals: [PredictionInterval]
        if useModel, let gaussian = point.gaussianIntervals(levels: levels) {
            intervals = gaussian
        } else {
            intervals = levels.map { level in
                let widths =
                    folds.map { RollingOrigin.halfWidths($0.errors, level: level, horizon: mean.count) }
                    ?? Array(repeating: 0, count: mean.count)
                return PredictionInterval(
                    level: level, lo: zip(point.mean, widths).map { $0 - $1 },
                    hi: zip(point.mean, widths).map { $0 + $1 })
            }
        }
        if nonNegative {
            // Truncate the forecast distribution at zero: both bounds, so none falls below the mean.
            for index in intervals.indices {
                intervals[index].lo = intervals[index].lo.map { max(0, $0) }
                intervals[index].hi = intervals[index].hi.map { max(0, $0) }
            }
        }
        let source: IntervalSource =
            (useModel && point.standardDeviation != nil) || folds == nil ? .model : .crossValidation
        return ModelForecast(model: point.model, mean: mean, intervals: intervals, intervalSource: source)
    }
}
