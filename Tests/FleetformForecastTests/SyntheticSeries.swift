import Foundation

/// Deterministic test series: seasonal shapes plus reproducible noise (a 64-bit LCG).
enum SyntheticSeries {
    static func noise(count: Int, seed: UInt64, amplitude: Double) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) / Double(1 << 53) - 0.5) * 2 * amplitude
        }
    }

    /// `level + slope·t + amplitude·sin(2πt/period) + noise`.
    static func seasonal(
        count: Int, level: Double = 100, slope: Double = 0, amplitude: Double = 10, period: Int = 24, noise: Double = 0,
        seed: UInt64 = 1
    ) -> [Double] {
        let e = Self.noise(count: count, seed: seed, amplitude: noise)
        return (0..<count).map { t in
            level + slope * Double(t) + amplitude * sin(2 * Double.pi * Double(t) / Double(period)) + e[t]
        }
    }
}
