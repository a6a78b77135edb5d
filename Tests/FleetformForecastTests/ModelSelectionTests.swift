import Testing

@testable import FleetformForecast

@Suite struct ModelSelectionTests {
    /// A candidate whose fold forecasts are all zero and whose mean absolute error at origin k is
    /// `perOrigin[k]` (one step per fold).
    static func candidate(_ perOrigin: [Double], complexity: Int, forecast: [Double] = [0]) -> CrossValidatedCandidate {
        CrossValidatedCandidate(
            forecast: PointForecast(model: "c\(complexity)", mean: forecast, standardDeviation: nil),
            folds: perOrigin.map { _ in PointForecast(model: "c", mean: [0], standardDeviation: nil) },
            errors: perOrigin.map { [$0] }, complexity: complexity)
    }

    /// The complex model wins on average by 0.05 while the paired differences swing by ±0.3:
    /// the edge is noise and the simpler model is kept. A steady edge of 1 is not noise.
    @Test func simplerModelWinsANoiseOnlyEdge() {
        let complex = Self.candidate([1.0, 1.2, 0.8, 1.0], complexity: 3)
        let noisy = Self.candidate([1.1, 0.9, 1.3, 0.9], complexity: 0)
        #expect(ModelSelection.choose([noisy, complex]) == 0)
        let worse = Self.candidate([2.0, 2.1, 1.9, 2.0], complexity: 0)
        #expect(ModelSelection.choose([worse, complex]) == 1)
        // Differences 0.1, −0.3, 0.5, −0.1: mean 0.05, standard error 0.1708.
        #expect(ModelSelection.withinNoise([1.1, 0.9, 1.3, 0.9], of: [1.0, 1.2, 0.8, 1.0]))
        #expect(!ModelSelection.withinNoise([1.3, 1.1, 1.5, 1.1], of: [1.0, 1.2, 0.8, 1.0]))
    }

    @Test func bestScoreWinsWithoutASimplerRival() {
        let a = Self.candidate([3, 3], complexity: 2)
        let b = Self.candidate([1, 1], complexity: 4)
        #expect(ModelSelection.choose([a, b]) == 1)
        #expect(ModelSelection.choose([]) == nil)
    }

    /// Scores 1 and 3 weigh the two forecasts ¾ and ¼, fold by fold as for the whole series.
    @Test func combinationWeighsByInverseError() throws {
        let good = Self.candidate([1, 1], complexity: 1, forecast: [10, 20])
        let fair = Self.candidate([3, 3], complexity: 3, forecast: [30, 40])
        let origins = try #require(RollingOrigin(count: 2, seriesLength: 6, horizon: 1, span: 1, minimumTraining: 2))
        #expect(origins.origins == [4, 5])
        let values = [0.0, 0, 0, 0, 1, 1]
        let combined = try #require(ModelSelection.combination([good, fair], origins: origins, values: values))
        #expect(abs(combined.forecast.mean[0] - 15) < 1e-12 && abs(combined.forecast.mean[1] - 25) < 1e-12)
        #expect(combined.complexity == 4)
        #expect(combined.forecast.standardDeviation == nil)
        #expect(combined.errors == [[1], [1]])
        #expect(ModelSelection.combination([good], origins: origins, values: values) == nil)
    }
}

@Suite struct IntervalCalibrationTests {
    /// Two folds of four steps: the model's ±z·1 interval (z = 1.645 at 90%) holds 6 of 8
    /// errors; leaving each fold out, the other fold's largest |error| (level 100) holds 7 of 8,
    /// but only when the two folds forecast different hours.
    @Test func coverageOfBothSourcesOnTheFolds() {
        let errors: [[Double]] = [[0.5, -1.0, 2.0, 0.1], [1.0, -2.5, 0.2, 0.3]]
        let folds = errors.map { _ in PointForecast(model: "m", mean: [0, 0, 0, 0], standardDeviation: [1, 1, 1, 1]) }
        #expect(IntervalCalibration.modelCoverage(folds: folds, errors: errors, level: 90) == 6.0 / 8)
        #expect(
            IntervalCalibration.conformalCoverage(errors: errors, origins: [10, 14], horizon: 4, level: 100) == 7.0 / 8)
        #expect(
            IntervalCalibration.conformalCoverage(errors: errors, origins: [10, 12], horizon: 4, level: 100) == nil)
        #expect(IntervalCalibration.conformalCoverage(errors: [[1]], origins: [10], horizon: 1, level: 90) == nil)
        let noVariance = errors.map { _ in PointForecast(model: "m", mean: [0, 0, 0, 0], standardDeviation: nil) }
        #expect(IntervalCalibration.modelCoverage(folds: noVariance, errors: errors, level: 90) == nil)
    }

    /// A series that swings around a level: the naive model's random-walk interval grows with √h
    /// and over-covers its folds; the conformal one is picked, and said so.
    @Test func automaticIntervalsTakeTheBetterCalibratedSource() {
        let values = SyntheticSeries.seasonal(count: 24 * 30, level: 50, amplitude: 0, noise: 4, seed: 9)
        let automatic = Forecaster(method: .naive, seasons: [24], levels: [90]).forecast(values, horizon: 72)
        let model = Forecaster(method: .naive, seasons: [24], levels: [90], intervals: .model).forecast(
            values, horizon: 72)
        #expect(automatic.intervalSource == .crossValidation)
        #expect(model.intervalSource == .model)
        let width = { (f: ModelForecast) in f.intervals[0].hi[71] - f.intervals[0].lo[71] }
        #expect(width(automatic) < width(model) / 3)
        // A schedule that repeats every week exactly: seasonal naive is right and its own
        // (zero-width at every step) intervals cover every fold.
        let week = (0..<(168 * 6)).map(Self.schedule)
        let forecast = Forecaster(seasons: [24, 168], levels: [90]).forecast(Array(week[0..<(168 * 5)]), horizon: 168)
        #expect(forecast.model == "SeasonalNaive(168)")
        #expect(forecast.mean == Array(week[(168 * 5)...]))
    }

    /// Open 06–22 h, eight fewer on weekends, a small within-day ripple.
    static func schedule(_ t: Int) -> Double {
        let hour = t % 24, day = (t / 24) % 7
        let open: Double = hour >= 6 && hour < 22 ? 20 : 0
        let weekend: Double = day >= 5 ? -8 : 0
        return max(0, open + weekend + Double(hour % 5))
    }
}
