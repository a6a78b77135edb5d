import Foundation
import Testing

@testable import FleetformForecast

@Suite struct ForecasterTests {
    @Test func constantAndShortSeriesForecastWithoutNaNs() {
        for method in ForecastMethod.allCases {
            let forecaster = Forecaster(method: method, levels: [90])
            for values in [[], [3], [3, 3], Array(repeating: 7.0, count: 400)] as [[Double]] {
                let forecast = forecaster.forecast(values, horizon: 5)
                #expect(forecast.mean.count == 5)
                #expect(forecast.mean.allSatisfy { $0.isFinite })
                #expect(
                    forecast.intervals[0].lo.allSatisfy { $0.isFinite }
                        && forecast.intervals[0].hi.allSatisfy { $0.isFinite })
                if let last = values.last { #expect(forecast.mean == Array(repeating: last, count: 5)) }
            }
        }
    }

    @Test func stepLikeSeriesIsForecastNaively() {
        var values: [Double] = []
        for (level, length) in [(3.0, 130), (5.0, 90), (4.0, 150), (9.0, 80)] {
            values += Array(repeating: level, count: length)
        }
        let forecast = Forecaster(levels: [90]).forecast(values, horizon: 48)
        #expect(forecast.model == "Naive")
        #expect(forecast.mean == Array(repeating: 9, count: 48))
    }

    @Test func seasonalSeriesIsNotForecastNaively() {
        let values = SyntheticSeries.seasonal(count: 24 * 14, noise: 1, seed: 21)
        let forecast = Forecaster(seasons: [24], levels: [90]).forecast(values, horizon: 24)
        #expect(forecast.model != "Naive")
        let truth = SyntheticSeries.seasonal(count: 24 * 15)[(24 * 14)...]
        #expect(AccuracyMetrics.meanAbsoluteError(actual: Array(truth), forecast: forecast.mean) < 2)
    }

    @Test func countIntervalsAreNonNegativeAndWiden() {
        let values = SyntheticSeries.seasonal(count: 24 * 12, level: 3, amplitude: 3, noise: 1, seed: 4).map {
            max(0, $0.rounded())
        }
        for method in [ForecastMethod.auto, .naive, .seasonalNaive, .ets] {
            let forecast = Forecaster(method: method, seasons: [24], levels: [80, 95]).forecast(values, horizon: 72)
            #expect(forecast.mean.allSatisfy { $0 >= 0 })
            for interval in forecast.intervals {
                #expect(interval.lo.allSatisfy { $0 >= 0 }, "\(method)")
                let width = zip(interval.lo, interval.hi).map { $1 - $0 }
                #expect(width[71] >= width[0], "\(method)")
            }
            let narrow = zip(forecast.intervals[0].lo, forecast.intervals[0].hi),
                wide = zip(forecast.intervals[1].lo, forecast.intervals[1].hi)
            for ((lo80, hi80), (lo95, hi95)) in zip(narrow, wide) { #expect(lo95 <= lo80 && hi95 >= hi80) }
        }
    }

    @Test func mstlSeparatesDailyAndWeeklySeasons() {
        let daily = SyntheticSeries.seasonal(count: 168 * 4, level: 0, amplitude: 5, period: 24)
        let weekly = SyntheticSeries.seasonal(
            count: 168 * 4, level: 100, amplitude: 20, period: 168, noise: 0.5, seed: 2)
        let values = zip(daily, weekly).map(+)
        let forecast = Forecaster(method: .mstl, seasons: [24, 168], levels: [90]).forecast(
            Array(values[0..<(168 * 3)]), horizon: 168)
        #expect(forecast.model.hasPrefix("MSTL(24,168)"))
        #expect(AccuracyMetrics.meanAbsoluteError(actual: Array(values[(168 * 3)...]), forecast: forecast.mean) < 2)
    }

    @Test func requestValidationNamesTheProblem() {
        #expect(throws: ForecastError.self) { try Forecaster().validate(horizon: 0) }
        #expect(throws: ForecastError.self) { try Forecaster(levels: [100]).validate(horizon: 1) }
    }
}

@Suite struct RollingOriginTests {
    @Test func originsSpreadOverTheLastTwoHorizons() throws {
        let folds = try #require(RollingOrigin(count: 3, seriesLength: 100, horizon: 10, span: 10, minimumTraining: 5))
        #expect(folds.origins == [80, 85, 90])
        #expect(folds.horizon == 10)
        // Three weeks of origins for a weekly season, each forecasting the horizon asked.
        let weekly = try #require(
            RollingOrigin(count: 16, seriesLength: 2000, horizon: 168, span: 3 * 168, minimumTraining: 50))
        #expect(weekly.origins.count == 16 && weekly.origins.first == 2000 - 168 - 504 && weekly.origins.last == 1832)
        #expect(weekly.horizon == 168)
        // A short series: the span shrinks to what the training the model needs leaves.
        #expect(
            RollingOrigin(count: 16, seriesLength: 300, horizon: 168, span: 504, minimumTraining: 50)?.origins.first
                == 50)
        // Too short for one fold with the training the model needs.
        #expect(RollingOrigin(count: 3, seriesLength: 30, horizon: 10, span: 10, minimumTraining: 25) == nil)
    }

    @Test func naiveFoldErrorsAreExact() throws {
        let values = (0..<40).map(Double.init)
        let folds = try #require(RollingOrigin(count: 2, seriesLength: 40, horizon: 4, span: 4, minimumTraining: 2))
        let errors = folds.errors(values, candidate: .naive, fitter: ETSFitter())
        // A ramp forecast flat from its last value misses by exactly the step count.
        #expect(errors == [[1, 2, 3, 4], [1, 2, 3, 4]])
        #expect(RollingOrigin.meanAbsoluteError(errors) == 2.5)
    }

    @Test func intervalHalfWidthsAreEmpiricalQuantilesAndNeverShrink() {
        // Window ±2 steps; level 100 takes the largest |error| within reach.
        let late = RollingOrigin.halfWidths([[1, -1, 1, -1, 1, -1, 1, -9]], level: 100, horizon: 10)
        #expect(Array(late[0..<8]) == [1, 1, 1, 1, 1, 9, 9, 9])
        #expect(late[9] == 9 * (10.0 / 8).squareRoot())
        // An early large error is not forgotten at later steps.
        let early = RollingOrigin.halfWidths([[-9, 1, 1, 1, 1, 1, 1, 1]], level: 100, horizon: 8)
        #expect(early == Array(repeating: 9, count: 8))
        // Step 0 sees steps 0–2, {1, 2, 3}: the median is 2; level 75 interpolates to 2.5.
        #expect(RollingOrigin.halfWidths([[1, 2, 3, 4, 5]], level: 50, horizon: 1) == [2])
        #expect(RollingOrigin.halfWidths([[1, 2, 3, 4, 5]], level: 75, horizon: 1) == [2.5])
    }

    /// The sliding window keeps a sorted sample; it must give what sorting each window afresh gives.
    @Test func halfWidthsMatchSortingEachWindow() {
        let errors = (0..<5).map { SyntheticSeries.noise(count: 60, seed: UInt64(10 + $0), amplitude: 3) }
        let widths = RollingOrigin.halfWidths(errors, level: 90, horizon: 60)
        var running = 0.0
        for h in 0..<60 {
            let sample = errors.flatMap { row in (max(0, h - 5)...min(59, h + 5)).map { abs(row[$0]) } }.sorted()
            let position = 0.9 * Double(sample.count - 1)
            let below = Int(position.rounded(.down))
            let quantile = sample[below] + (position - Double(below)) * (sample[below + 1] - sample[below])
            running = max(running, quantile)
            #expect(widths[h] == running)
        }
    }

    @Test func crossValidationIntervalsWidenAndStayNonNegative() {
        let values = SyntheticSeries.seasonal(count: 24 * 12, level: 3, amplitude: 3, noise: 1, seed: 4).map {
            max(0, $0.rounded())
        }
        let forecast = Forecaster(seasons: [24], levels: [90], intervals: .crossValidation).forecast(
            values, horizon: 72)
        #expect(forecast.intervalSource == .crossValidation)
        let interval = forecast.intervals[0]
        #expect(interval.lo.allSatisfy { $0 >= 0 })
        #expect(interval.hi[71] - forecast.mean[71] >= interval.hi[0] - forecast.mean[0])
        #expect(interval.hi[0] > forecast.mean[0])
    }

    /// An explicit model with analytic intervals takes the empirical ones when asked: a random
    /// walk's interval grows with √h without bound, while the fold errors of a series that
    /// swings around a level stay bounded, so at 72 hours the empirical one is narrower.
    @Test func explicitModelsTakeCrossValidationIntervalsWhenAsked() {
        let values = SyntheticSeries.seasonal(count: 24 * 12, level: 50, amplitude: 0, noise: 4, seed: 9)
        let analytic = Forecaster(method: .naive, seasons: [24], levels: [90], intervals: .model).forecast(
            values, horizon: 72)
        let empirical = Forecaster(method: .naive, seasons: [24], levels: [90], intervals: .crossValidation)
            .forecast(values, horizon: 72)
        #expect(analytic.mean == empirical.mean)
        let width = { (f: ModelForecast, h: Int) in f.intervals[0].hi[h] - f.intervals[0].lo[h] }
        #expect(width(empirical, 71) < width(analytic, 71))
        #expect(width(empirical, 0) > 0)
    }
}

@Suite struct TruncationTests {
    @Test func decliningCountSeriesIsTruncatedAtZeroWithBoundsAroundTheMean() {
        // A steady decline towards zero: a trend model extrapolates below it.
        let values = (0..<200).map { 100 - 0.45 * Double($0) }
        let forecast = Forecaster(method: .ets, seasons: [24], levels: [90]).forecast(values, horizon: 168)
        #expect(forecast.mean.first! > 0)
        #expect(forecast.mean.last == 0)
        let interval = forecast.intervals[0]
        for step in 0..<168 {
            #expect(interval.lo[step] >= 0)
            #expect(interval.lo[step] <= forecast.mean[step] && forecast.mean[step] <= interval.hi[step])
        }
    }
}
