import Testing

@testable import FleetformForecast

@Suite struct STLDecompositionTests {
    /// Evaluating the trend and low-pass smoothers every ⌈window/10⌉ points and interpolating
    /// (R's `stl` default) moves the seasonal component by less than 0.1% of its amplitude here.
    @Test func jumpsChangeTheSeasonalComponentNegligibly() {
        let noise = SyntheticSeries.noise(count: 168 * 6, seed: 7, amplitude: 0.5)
        let values = (0..<(168 * 6)).map { t in
            100 + 0.02 * Double(t) + 10 * sin(2 * Double.pi * Double(t) / 24) + (t % 168 >= 120 ? 5 : 0) + noise[t]
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
}
