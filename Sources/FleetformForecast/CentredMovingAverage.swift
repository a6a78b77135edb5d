/// The centred moving average of classical decomposition (Hyndman & Athanasopoulos, FPP3
/// §3.4): order m for odd m, a 2×m average for even m; `nil` where the window does not fit.
enum CentredMovingAverage {
    static func apply(_ values: [Double], order m: Int) -> [Double?] {
        let n = values.count
        var result = [Double?](repeating: nil, count: n)
        guard m >= 1, n >= m + (m % 2 == 0 ? 1 : 0) else { return result }
        let half = m / 2
        if m % 2 == 1 {
            var sum = values[0..<m].reduce(0, +)
            for center in half..<(n - half) {
                if center > half { sum += values[center + half] - values[center - half - 1] }
                result[center] = sum / Double(m)
            }
        } else {
            // Weights ½, 1, …, 1, ½ over m+1 values, divided by m.
            for center in half..<(n - half) {
                var sum = 0.5 * (values[center - half] + values[center + half])
                for t in (center - half + 1)..<(center + half) { sum += values[t] }
                result[center] = sum / Double(m)
            }
        }
        return result
    }
}
