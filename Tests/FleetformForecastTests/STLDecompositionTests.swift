import Foundation
import Testing

@testable import FleetformForecast

@Suite struct STLDecompositionTests {
    /// Evaluating the trend and low-pass smoothers every ⌈window/10⌉ points and interpolating
    /// (R's `stl` default) moves the seasonal component by less than 0.1% of its amplitude here.
    @Test func jumpsChangeTheSeasonalComponentNegligibly() {
        let noise = SyntheticSeries.noise(count: 168 * 6, seed: 7, amplitude: 0.5)
        let daily = SyntheticSeries.seasonal(count: 168 * 6, slope: 0.02, amplitude: 10)
        let values: [Double] = (0..<(168 * 6)).map { t in
            let weekend: Double = t % 168 >= 120 ? 5 : 0
            return daily[t] + weekend + noise[t]
        }
        for period in [24, 168] {
            let fast = STLDecomposition(period: period, seasonalWindow: 11).decompose(values)
            let exact = STLDecomposition(period: period, seasonalWindow: 11, exact: true).decompose(values)
            let gap = zip(fast.seasonal, exact.seasonal).map { abs($0 - $1) }.max() ?? .infinity
            #expect(gap < 0.01, "period \(period): \(gap)")
        }
    }

    /// Jumps interpolate linearly between evaluated points and always evaluate the last one.
    @Test func loessWithJumpsInterpolatesBetweenEvaluatedPoints() {
        let line = (0..<23).map { 2 * Double($0) + 1 }
        // A local-linear fit reproduces a line exactly, with or without jumps.
        for jump in [1, 5, 30] {
            let smoothed = Loess(window: 7, degree: 1, jump: jump).smooth(line)
            for (s, y) in zip(smoothed, line) { #expect(abs(s - y) < 1e-9) }
        }
        let bumpy = (0..<21).map { $0 % 2 == 0 ? 0.0 : 1.0 }
        let everyFifth = Loess(window: 3, degree: 0, jump: 5).smooth(bumpy)
        let exact = Loess(window: 3, degree: 0).smooth(bumpy)
        for t in [0, 5, 10, 15, 20] { #expect(everyFifth[t] == exact[t]) }
        #expect(abs(everyFifth[7] - (0.6 * exact[5] + 0.4 * exact[10])) < 1e-12)
    }

    /// Inside the series `smooth` uses one precomputed kernel; it must agree with fitting each
    /// point on its own (degree 0, and degree 1 with an odd, hence symmetric, window).
    @Test func interiorKernelAgreesWithThePointwiseFit() {
        let values = SyntheticSeries.noise(count: 60, seed: 5, amplitude: 10)
        for (window, degree) in [(7, 0), (8, 0), (15, 1), (9, 1)] {
            let loess = Loess(window: window, degree: degree)
            let smoothed = loess.smooth(values)
            for index in values.indices {
                #expect(
                    abs(smoothed[index] - loess.estimate(values, at: Double(index))) < 1e-9,
                    "\(window) \(degree) \(index)")
            }
        }
    }

    /// STL's seasonal step applies the smoother as precomputed linear weights; they must give
    /// the pointwise fit, at the ends, inside, and with a window longer than the subseries.
    @Test func linearWeightsReproduceThePointwiseFit() {
        let values = SyntheticSeries.noise(count: 12, seed: 8, amplitude: 5)
        for (window, degree) in [(15, 0), (15, 1), (7, 0), (7, 1), (4, 1)] {
            let loess = Loess(window: window, degree: degree)
            for x in -1...12 {
                let (left, right) = STLDecomposition.seasonalWindow(position: x, count: 12, window: window)
                let weights = loess.linearWeights(count: 12, at: Double(x), left: left, right: right)
                let fit = zip(weights, values[left...right]).reduce(0) { $0 + $1.0 * $1.1 }
                let direct = loess.estimate(values, at: Double(x), left: left, right: right)
                #expect(abs(fit - direct) < 1e-9, "window \(window) degree \(degree) x \(x)")
            }
        }
    }
}
