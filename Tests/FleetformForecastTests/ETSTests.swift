import Foundation
import Testing

@testable import FleetformForecast

@Suite struct ETSTests {
    let fitter = ETSFitter()

    @Test func simpleExponentialSmoothingRecursionIsExact() {
        // ANN, α = 0.5, l0 = 0: errors 2, 1, 2.5; levels 1, 1.5, 2.75.
        let values: [Double] = [2, 2, 4]
        var state = ETSModel.State(level: 0)
        var sse = 0.0
        let lik = values.withUnsafeBufferPointer {
            ETSModel.filter(
                $0, form: ETSForm(error: .additive, trend: .none, season: .none), parameters: .init(alpha: 0.5),
                state: &state, squaredErrors: &sse)
        }
        #expect(state.level == 2.75)
        #expect(sse == 4 + 1 + 6.25)
        #expect(abs(lik - 3 * log(11.25)) < 1e-12)
    }

    @Test func maximumLikelihoodBeatsTheStartingPoint() throws {
        let values = SyntheticSeries.seasonal(count: 240, noise: 2, seed: 7)
        let form = ETSForm(error: .additive, trend: .none, season: .additive, period: 24)
        let model = try #require(fitter.fit(values, form: form))
        var start = try #require(fitter.initialState(values, form: form))
        var sse = 0.0
        let startLik = values.withUnsafeBufferPointer {
            ETSModel.filter(
                $0, form: form, parameters: fitter.startingParameters(form: form), state: &start, squaredErrors: &sse)
        }
        #expect(-2 * model.logLikelihood < startLik)
        // The noise is uniform on ±2 (σ ≈ 1.15); the fit should find a residual σ of that order.
        #expect(model.sigma2.squareRoot() > 0.9 && model.sigma2.squareRoot() < 1.5)
    }

    @Test func noiseFreeSeasonalSeriesIsForecastExactly() throws {
        let all = SyntheticSeries.seasonal(count: 240 + 48, slope: 0.2)
        let training = Array(all[0..<240])
        let model = try #require(
            fitter.fit(training, form: ETSForm(error: .additive, trend: .additive, season: .additive, period: 24)))
        let forecast = model.pointForecast(horizon: 48)
        for h in 0..<48 { #expect(abs(forecast[h] - all[240 + h]) / all[240 + h] < 0.01) }
    }

    @Test func aiccPicksASeasonalFormForASeasonalSeriesAndNoneForNoise() throws {
        let seasonal = try #require(
            fitter.selectModel(SyntheticSeries.seasonal(count: 240, noise: 1, seed: 3), period: 24))
        #expect(seasonal.form.season != .none)
        let noise = SyntheticSeries.noise(count: 240, seed: 5, amplitude: 3).map { $0 + 50 }
        let flat = try #require(fitter.selectModel(noise, period: 24))
        #expect(flat.form.season == .none)
        #expect(flat.form.trend == .none)
    }

    @Test func weeklySeasonIsFittedNotDropped() throws {
        // Weekdays at 100, weekends at 130: a shape no trend can track.
        func weekly(_ count: Int) -> [Double] { (0..<count).map { $0 % 168 >= 120 ? 130 : 100 } }
        let noise = SyntheticSeries.noise(count: 168 * 3, seed: 11, amplitude: 1)
        let values = zip(weekly(168 * 3), noise).map(+)
        let model = try #require(fitter.selectModel(values, period: 168))
        #expect(model.form.period == 168)
        #expect(model.form.description.hasSuffix("[168]"))
        let next = weekly(168 * 4)[(168 * 3)...]
        let forecast = model.pointForecast(horizon: 168)
        for (f, a) in zip(forecast, next) { #expect(abs(f - a) < 3) }
    }

    @Test func intervalsWidenWithHorizonForBothVarianceClasses() throws {
        let values = SyntheticSeries.seasonal(count: 240, noise: 3, seed: 9)
        for error in ETSForm.ErrorType.allCases {
            let model = try #require(
                fitter.fit(values, form: ETSForm(error: error, trend: .damped, season: .additive, period: 24)))
            let mean = model.pointForecast(horizon: 72)
            let sd = try #require(model.forecastStandardDeviation(mean: mean))
            #expect(sd.allSatisfy { $0.isFinite && $0 > 0 })
            // Class 1: the spread itself grows; class 2: the spread relative to the mean grows.
            let relative = error == .additive ? sd : zip(sd, mean).map { $0 / $1 }
            #expect(relative[71] > relative[0])
            for h in 1..<72 { #expect(relative[h] >= relative[h - 1] * 0.999) }
        }
    }

    @Test func multiplicativeErrorOneStepSpreadIsProportionalToTheLevel() throws {
        let values = SyntheticSeries.noise(count: 200, seed: 13, amplitude: 5).map { $0 + 100 }
        let model = try #require(fitter.fit(values, form: ETSForm(error: .multiplicative, trend: .none, season: .none)))
        let mean = model.pointForecast(horizon: 1)
        let sd = try #require(model.forecastStandardDeviation(mean: mean))
        #expect(abs(sd[0] - mean[0] * model.sigma2.squareRoot()) < 1e-9 * mean[0])
    }

    /// A windowed fit starts whole seasons before the end; a prefix that ends before that start
    /// is run from whole seasons earlier, so the seasonal phases still line up.
    @Test func windowedFitStartsOnASeasonBoundaryAndRefiltersEarlierPrefixes() throws {
        let values = SyntheticSeries.seasonal(count: 200, level: 50, amplitude: 10, noise: 0.5, seed: 7)
        let model = try #require(ETSFitter(window: 40).selectModel(values, period: 24))
        #expect(model.start == 200 - 48)
        #expect(model.observationCount == 48)
        let early = try #require(model.refiltered(Array(values[0..<100])))
        // 100 − 152 < 24: run from 152 − 4·24 = 56, the first whole-season step back that leaves a season.
        var state = model.initialState
        var squaredErrors = 0.0
        _ = Array(values[56..<100]).withUnsafeBufferPointer {
            ETSModel.filter(
                $0, form: model.form, parameters: model.parameters, state: &state, squaredErrors: &squaredErrors)
        }
        #expect(early.finalState == state)
        // Same parameters and state as the model run over the same stretch.
        let again = try #require(model.refiltered(values))
        #expect(again.finalState == model.finalState)
    }
}
