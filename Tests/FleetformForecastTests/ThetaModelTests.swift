import Foundation
import Testing

@testable import FleetformForecast

@Suite struct ThetaModelTests {
    /// The recursion by hand for y = 1, 2, 4 with α = ½, θ = 2, ℓ₀ = 0 (dynamic):
    /// ℓ = ½·1 = ½, then ℓ = ½·2 + ½·½ = 5/4, then ℓ = ½·4 + ½·5/4 = 21/8; the least-squares line
    /// through (1,1), (2,2), (3,4) has slope 3/2 and intercept 7/3 − 2·3/2 = −2/3; the next
    /// forecast is ℓ + (1 − ½)·[(½)³·(−2/3) + (1 − (½)⁴)/½ · 3/2] = 21/8 + ½·(−1/12 + 45/16).
    @Test func dynamicRecursionMatchesTheHandComputation() {
        let model = ThetaModel(variant: .dynamicStandard, alpha: 0.5, theta: 2, initialLevel: 0).refiltered([1, 2, 4])
        #expect(model.state.count == 3)
        #expect(model.state.level == 21.0 / 8)
        #expect(abs(model.state.slope - 1.5) < 1e-12)
        #expect(abs(model.state.intercept - -2.0 / 3) < 1e-12)
        let expected = 21.0 / 8 + 0.5 * (-1.0 / 12 + 45.0 / 16)
        #expect(abs(model.forecast(horizon: 1)[0] - expected) < 1e-12)
    }

    /// θ = 1 removes the drift: what is left is simple exponential smoothing.
    @Test func thetaOneIsSimpleExponentialSmoothing() {
        let values = (0..<50).map { 10 + 3 * sin(Double($0)) }
        let model = ThetaModel(variant: .optimised, alpha: 0.3, theta: 1, initialLevel: 5).refiltered(values)
        var level = 5.0
        for y in values { level = 0.3 * y + 0.7 * level }
        for forecast in model.forecast(horizon: 3) { #expect(abs(forecast - level) < 1e-9) }
    }

    /// On a noisy line the standard model (θ = 2) extrapolates half the slope, as the M3 Theta
    /// method does, and the optimised one (θ free) the whole slope.
    @Test func optimisedThetaFollowsALinearTrend() throws {
        let noise = SyntheticSeries.noise(count: 200, seed: 7, amplitude: 0.5)
        let values = (0..<200).map { 10 + 0.5 * Double($0) + noise[$0] }
        let truth = 10 + 0.5 * 223
        let optimised = try #require(ThetaModel.fit(values, variant: .optimised))
        #expect(abs(optimised.forecast(horizon: 24)[23] - truth) < 0.5)
        let standard = try #require(ThetaModel.fit(values, variant: .standard))
        #expect(standard.theta == 2)
        #expect(truth - standard.forecast(horizon: 24)[23] > 4)
        #expect(try #require(ThetaModel.select(values)).meanSquaredError <= standard.meanSquaredError)
    }

    @Test func seasonalityTestAndMultiplicativeAdjustment() throws {
        let noise = SyntheticSeries.noise(count: 480, seed: 3, amplitude: 1)
        let seasonal = SyntheticSeries.seasonal(count: 480, level: 50, amplitude: 10, noise: 0.5, seed: 7)
        #expect(SeasonalTheta.seasonalityIsSignificant(seasonal, period: 24))
        #expect(!SeasonalTheta.seasonalityIsSignificant(noise, period: 24))
        let model = try #require(SeasonalTheta.fit(seasonal, period: 24))
        #expect(model.multiplicative && model.figure?.count == 24)
        #expect(model.name.hasSuffix("[24]"))
        let truth = SyntheticSeries.seasonal(count: 504, level: 50, amplitude: 10)[480...]
        #expect(AccuracyMetrics.meanAbsoluteError(actual: Array(truth), forecast: model.forecast(horizon: 24)) < 1)
        // Not significant: no adjustment.
        #expect(try #require(SeasonalTheta.fit(noise.map { $0 + 20 }, period: 24)).figure == nil)
    }

    /// A fold runs the whole-series parameters over the prefix; the seasonal indices come from
    /// the prefix alone.
    @Test func refilteringAPrefixKeepsTheParameters() throws {
        let values = SyntheticSeries.seasonal(count: 480, level: 50, amplitude: 10, noise: 0.5, seed: 7)
        let model = try #require(SeasonalTheta.fit(values, period: 24))
        let prefix = model.refiltered(Array(values[0..<240]))
        #expect(prefix.model.alpha == model.model.alpha && prefix.model.theta == model.model.theta)
        #expect(prefix.model.state.count == 240)
        #expect(prefix.figure != model.figure)
    }
}
