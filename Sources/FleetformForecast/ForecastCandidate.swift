/// One model the forecaster can fit to a series: what `auto` chooses among, and what each
/// explicit ``ForecastMethod`` resolves to.
enum ForecastCandidate: Sendable, Equatable {
    case naive
    case seasonalNaive(period: Int)
    /// ETS with the given season length (1: non-seasonal); `form` fixed, or `nil` to select by AICc.
    case ets(period: Int, form: ETSForm?)
    case mstl(periods: [Int])

    /// The fewest observations this candidate needs to be fitted as itself.
    var minimumTraining: Int {
        switch self {
        case .naive: return 1
        case .seasonalNaive(let period): return period + 1
        case .ets(let period, _): return period > 1 ? 2 * period + 2 : 8
        // MSTL degrades gracefully: a fold too short for the weekly season uses the daily one.
        case .mstl(let periods): return 2 * (periods.min() ?? 1) + 2
        }
    }

    /// Fits the candidate to `values` and forecasts `horizon` hours; falls back to naive when
    /// the series cannot carry the model, so it never fails.
    func forecast(_ values: [Double], horizon: Int, fitter: ETSFitter) -> PointForecast {
        switch self {
        case .naive:
            return NaiveForecaster.naive(values, horizon: horizon)
        case .seasonalNaive(let period):
            return NaiveForecaster.seasonalNaive(values, horizon: horizon, period: period)
        case .ets(let period, let form):
            let model = form.map { fitter.fit(values, form: $0) } ?? fitter.selectModel(values, period: period)
            guard let model else { return NaiveForecaster.naive(values, horizon: horizon) }
            let mean = model.pointForecast(horizon: horizon)
            return PointForecast(model: model.form.description, mean: mean, standardDeviation: model.forecastStandardDeviation(mean: mean))
        case .mstl(let periods):
            return MSTLModel(periods: periods, fitter: fitter).forecast(values, horizon: horizon)
                ?? ForecastCandidate.ets(period: 1, form: nil).forecast(values, horizon: horizon, fitter: fitter)
        }
    }
}
