/// One candidate model with its forecast from the whole series and its record over the
/// rolling origins: what ``ModelSelection`` ranks and what the intervals are calibrated on.
struct CrossValidatedCandidate: Sendable {
    /// The forecast from the whole series (the one returned if this candidate is chosen).
    var forecast: PointForecast
    /// Its forecast from each origin.
    var folds: [PointForecast]
    /// `actual − forecast` per origin and step.
    var errors: [[Double]]
    /// See ``ForecastCandidate/complexity``.
    var complexity: Int

    /// A candidate scored on `origins` of `values`.
    init(forecast: PointForecast, folds: [PointForecast], errors: [[Double]], complexity: Int) {
        self.forecast = forecast
        self.folds = folds
        self.errors = errors
        self.complexity = complexity
    }

    /// Fits `candidate` to the whole series and from every origin.
    init(_ candidate: ForecastCandidate, values: [Double], horizon: Int, origins: RollingOrigin, fitter: ETSFitter) {
        let (point, refit) = candidate.fit(values, horizon: horizon, fitter: fitter)
        let folds = origins.forecasts(values, candidate: refit, fitter: fitter)
        self.init(
            forecast: point, folds: folds, errors: origins.errors(values, forecasts: folds),
            complexity: candidate.complexity)
    }

    /// Mean absolute error of each origin's forecast.
    var originErrors: [Double] {
        errors.map { row in row.isEmpty ? 0 : row.reduce(0) { $0 + abs($1) } / Double(row.count) }
    }

    /// Mean absolute error over every origin and step: the selection score.
    var score: Double { RollingOrigin.meanAbsoluteError(errors) }
}
