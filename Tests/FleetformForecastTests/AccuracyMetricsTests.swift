import Testing

@testable import FleetformForecast

@Suite struct AccuracyMetricsTests {
    @Test func maseUsesTheSeasonalScaleOfTheTrainingPart() {
        // Lag-2 differences of the training part: |3−1|, |4−2|, |7−3| → scale 8/3.
        let training: [Double] = [1, 2, 3, 4, 7]
        #expect(AccuracyMetrics.maseScale(training: training, period: 2) == 8.0 / 3)
        let mase = AccuracyMetrics.mase(actual: [10, 10], forecast: [8, 12], training: training, period: 2)
        #expect(abs(mase! - 2 / (8.0 / 3)) < 1e-12)
    }

    @Test func maseIsUndefinedForAConstantTrainingPart() {
        #expect(AccuracyMetrics.mase(actual: [1], forecast: [2], training: [5, 5, 5, 5], period: 2) == nil)
    }

    @Test func smapeCountsAPairOfZerosAsZero() {
        let expected: Double = 200.0 * 50 / 150 / 2
        #expect(AccuracyMetrics.smape(actual: [0, 100], forecast: [0, 50]) == expected)
    }

    @Test func coverageIncludesTheBounds() {
        #expect(AccuracyMetrics.coverage(actual: [1, 2, 3, 4], lo: [1, 0, 4, 0], hi: [1, 1, 5, 9]) == 0.5)
    }

    @Test func backtestPoolsErrorsOverScales() {
        let flat = HourlySeries(id: "flat", values: Array(repeating: 2, count: 30) + Array(repeating: 4, count: 4))
        let ramp = HourlySeries(id: "ramp", values: (0..<34).map { Double($0) })
        let backtest = Backtest(holdout: 4, maseSeason: 24)
        let forecaster = Forecaster(method: .naive, levels: [90])
        let scores = [flat, ramp].compactMap { backtest.score($0, forecaster: forecaster) }
        #expect(scores.count == 2)
        #expect(scores[0].mase == nil)  // constant training: no scale
        #expect(scores[0].meanAbsoluteError == 2)
        let summary = Backtest.summarize(scores, levels: 1)
        #expect(summary.scaledSeries == 1)
        #expect(scores[1].mase == 2.5 / 24)  // naive 29 against 30…33; lag-24 differences are 24
        #expect(summary.pooledMASE == scores[1].meanAbsoluteError / scores[1].scale)
    }
}
