/// Seasonal-trend decomposition by Loess, STL (Cleveland, Cleveland, McRae & Terpenning 1990,
/// *J. Official Statistics* 6(1)), non-robust: the inner loop only, run five times (statsmodels' default).
/// Windows follow statsmodels' `STL`, which statsforecast's `mstl` calls: trend window
/// `nextodd(⌈1.5·p / (1 − 1.5/s)⌉)`, low-pass window the next odd number above p,
/// local-linear trend and low-pass, and (as statsforecast passes it) a local-constant seasonal
/// smoother. The trend and low-pass smoothers are evaluated every `⌈window/10⌉` points and
/// interpolated between, R's `stl` defaults (`t.jump`, `l.jump`): for a weekly period in
/// hourly data that is 50 times less work for the same decomposition to within a small
/// fraction of the seasonal amplitude.
struct STLDecomposition: Sendable {
    var period: Int
    /// Seasonal smoother window (odd, ≥ 3).
    var seasonalWindow: Int
    var seasonalDegree = 0
    var innerIterations = 5
    /// Evaluate the trend and low-pass smoothers at every point (no jumps), as statsmodels does.
    var exact = false

    var trendWindow: Int {
        var window = Int((1.5 * Double(period) / (1 - 1.5 / Double(seasonalWindow))).rounded(.up))
        if window % 2 == 0 { window += 1 }
        return window
    }

    var lowPassWindow: Int {
        var window = period + 1
        if window % 2 == 0 { window += 1 }
        return window
    }

    /// Splits `values` (at least two periods long) into a seasonal and a trend component; the
    /// remainder is `values − seasonal − trend`.
    func decompose(_ values: [Double]) -> (seasonal: [Double], trend: [Double]) {
        let n = values.count
        let p = period
        var trend = [Double](repeating: 0, count: n)
        var seasonal = [Double](repeating: 0, count: n)
        var detrended = [Double](repeating: 0, count: n)
        var cycle = [Double](repeating: 0, count: n + 2 * p)
        // The seasonal smoother's weights depend only on a subseries' length (at most two
        // lengths occur) and the position fitted: worked out once, applied as dot products.
        let smoother = Loess(window: seasonalWindow, degree: seasonalDegree)
        var rowsByLength: [Int: [(left: Int, weights: [Double])]] = [:]
        for phase in 0..<min(p, n) {
            let k = (n - phase + p - 1) / p
            guard rowsByLength[k] == nil else { continue }
            rowsByLength[k] = (0...(k + 1)).map { j in
                let (left, right) = Self.seasonalWindow(position: j - 1, count: k, window: seasonalWindow)
                return (left, smoother.linearWeights(count: k, at: Double(j - 1), left: left, right: right))
            }
        }
        for _ in 0..<innerIterations {
            for t in 0..<n { detrended[t] = values[t] - trend[t] }
            // Step 2: smooth each cycle-subseries, extended by one value at each end.
            for phase in 0..<min(p, n) {
                let k = (n - phase + p - 1) / p
                guard let rows = rowsByLength[k] else { continue }
                for (j, row) in rows.enumerated() {
                    var sum = 0.0
                    for (offset, weight) in row.weights.enumerated() {
                        sum += weight * detrended[phase + (row.left + offset) * p]
                    }
                    cycle[j * p + phase] = sum
                }
            }
            // Step 3: low-pass filter of the cycle-subseries: MA(p), MA(p), MA(3), Loess.
            var low = Self.movingAverage(cycle, length: p)
            low = Self.movingAverage(low, length: p)
            low = Self.movingAverage(low, length: 3)
            low = Loess(window: lowPassWindow, degree: 1, jump: jump(lowPassWindow)).smooth(low)
            // Step 4: detrend the smoothed cycle-subseries.
            for t in 0..<n { seasonal[t] = cycle[p + t] - low[t] }
            // Steps 5–6: deseasonalise and smooth the trend.
            var adjusted = [Double](repeating: 0, count: n)
            for t in 0..<n { adjusted[t] = values[t] - seasonal[t] }
            trend = Loess(window: trendWindow, degree: 1, jump: jump(trendWindow)).smooth(adjusted)
        }
        return (seasonal, trend)
    }

    func jump(_ window: Int) -> Int { exact ? 1 : Loess.defaultJump(window: window) }

    /// The points the seasonal smoother uses to fit position `x` of a cycle-subseries of `k`
    /// values (x = −1 and x = k extend it by one cycle at each end, from the nearest window).
    static func seasonalWindow(position x: Int, count k: Int, window: Int) -> (Int, Int) {
        if x < 0 { return (0, min(window, k) - 1) }
        if x >= k { return (max(0, k - window), k - 1) }
        if window >= k { return (0, k - 1) }
        let half = (window + 1) / 2
        if x < half { return (0, window - 1) }
        if x >= k - half { return (k - window, k - 1) }
        return (x - half + 1, x - half + window)
    }

    static func movingAverage(_ values: [Double], length: Int) -> [Double] {
        let count = values.count - length + 1
        guard count > 0 else { return [] }
        var result = [Double](repeating: 0, count: count)
        var sum = values[0..<length].reduce(0, +)
        result[0] = sum / Double(length)
        for index in 1..<count {
            sum += values[index + length - 1] - values[index - 1]
            result[index] = sum / Double(length)
        }
        return result
    }
}
