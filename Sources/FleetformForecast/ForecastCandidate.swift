/// One model the forecaster can fit to a series: what `auto` chooses among, and what each
/// explicit ``ForecastMethod`` resolves to.
enum ForecastCandidate: Sendable, Equatable {
    case naive
    case seasonalNaive(period: Int)
    /// ETS with the given season length (1: non-seasonal); `form` fixed, or `nil` to select by AICc.
    case ets(period: Int, form: ETSForm?)
    /// A model already fitted to the whole series, run with its estimates over a prefix of it
    /// and forecasting from there: fixed-parameter cross-validation folds (statsforecast's
    /// `cross_validation(refit=False)`), which cost one pass over the data instead of a fit.
    case etsFixed(ETSModel)
    /// MSTL over `periods`; `trendForm` fixed (folds keep the form chosen on the whole series),
    /// or `nil` to select it by AICc.
    case mstl(periods: [Int], trendForm: ETSForm?)
    /// MSTL whose adjusted series is run through a model fitted before (to the whole series):
    /// the decomposition is redone on the prefix, the trend model keeps its parameters.
    case mstlFixed(periods: [Int], trendModel: ETSModel)
    /// The theta method, seasonally adjusted at `period` when the season is significant
    /// (see ``SeasonalTheta``), the variant selected by in-sample error.
    case theta(period: Int)
    /// A theta model fitted to the whole series, run with its parameters over a prefix (its
    /// seasonal indices estimated again on the prefix): the folds of ``theta(period:)``.
    case thetaFixed(SeasonalTheta)

    /// How simple the candidate is, for preferring the simpler of two whose cross-validation
    /// errors differ by less than their noise: naive 0, seasonal naive 1, theta 2, ETS 3, MSTL 4
    /// (a combination ranks one above its most complex member).
    var complexity: Int {
        switch self {
        case .naive: return 0
        case .seasonalNaive: return 1
        case .theta, .thetaFixed: return 2
        case .ets, .etsFixed: return 3
        case .mstl, .mstlFixed: return 4
        }
    }

    /// The fewest observations this candidate needs to be fitted as itself.
    var minimumTraining: Int {
        switch self {
        case .naive: return 1
        case .seasonalNaive(let period): return period + 1
        case .ets(let period, _): return period > 1 ? 2 * period + 2 : 8
        case .etsFixed(let model): return model.form.period > 1 ? 2 * model.form.period + 2 : 8
        // MSTL degrades gracefully: a fold too short for the weekly season uses the daily one.
        case .mstl(let periods, _), .mstlFixed(let periods, _): return 2 * (periods.min() ?? 1) + 2
        case .theta, .thetaFixed: return ThetaModel.burnIn + 2
        }
    }

    /// Fits the candidate to `values` and forecasts `horizon` hours; falls back to naive when
    /// the series cannot carry the model, so it never fails.
    func forecast(_ values: [Double], horizon: Int, fitter: ETSFitter) -> PointForecast {
        fit(values, horizon: horizon, fitter: fitter).forecast
    }

    /// The forecast, and the candidate that cross-validation folds should run: the same one,
    /// except that ETS keeps the model estimated here (see ``etsFixed(_:)``).
    func fit(_ values: [Double], horizon: Int, fitter: ETSFitter) -> (forecast: PointForecast, refit: ForecastCandidate)
    {
        switch self {
        case .ets(let period, let form):
            let model = form.map { fitter.fit(values, form: $0) } ?? fitter.selectModel(values, period: period)
            guard let model else { return (NaiveForecaster.naive(values, horizon: horizon), .naive) }
            return (Self.forecast(model, horizon: horizon), .etsFixed(model))
        case .etsFixed(let fitted):
            guard let model = fitted.refiltered(values) else {
                return (NaiveForecaster.naive(values, horizon: horizon), .naive)
            }
            return (Self.forecast(model, horizon: horizon), self)
        case .mstl(let periods, let trendForm):
            guard
                let (forecast, chosen) = MSTLModel(periods: periods, trendForm: trendForm, fitter: fitter).forecast(
                    values, horizon: horizon)
            else {
                return ForecastCandidate.ets(period: 1, form: nil).fit(values, horizon: horizon, fitter: fitter)
            }
            return (forecast, .mstlFixed(periods: periods, trendModel: chosen))
        case .mstlFixed(let periods, let trendModel):
            guard
                let (forecast, model) = MSTLModel(periods: periods, trendModel: trendModel, fitter: fitter).forecast(
                    values, horizon: horizon)
            else {
                return ForecastCandidate.ets(period: 1, form: nil).fit(values, horizon: horizon, fitter: fitter)
            }
            return (forecast, .mstlFixed(periods: periods, trendModel: model))
        case .theta(let period):
            guard let model = SeasonalTheta.fit(values, period: period) else {
                return (NaiveForecaster.naive(values, horizon: horizon), .naive)
            }
            return (Self.forecast(model, horizon: horizon), .thetaFixed(model))
        case .thetaFixed(let fitted):
            guard values.count >= minimumTraining else {
                return (NaiveForecaster.naive(values, horizon: horizon), .naive)
            }
            return (Self.forecast(fitted.refiltered(values), horizon: horizon), self)
        case .naive:
            return (NaiveForecaster.naive(values, horizon: horizon), self)
        case .seasonalNaive(let period):
            return (NaiveForecaster.seasonalNaive(values, horizon: horizon, period: period), self)
        }
    }

    static func forecast(_ model: SeasonalTheta, horizon: Int) -> PointForecast {
        PointForecast(model: model.name, mean: model.forecast(horizon: horizon), standardDeviation: nil)
    }

    static func forecast(_ model: ETSModel, horizon: Int) -> PointForecast {
        let mean = model.pointForecast(horizon: horizon)
        return PointForecast(
            model: model.form.description, mean: mean, standardDeviation: model.forecastStandardDeviation(mean: mean))
    }
}
