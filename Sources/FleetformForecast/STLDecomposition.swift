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
        for _ in 0..<innerIterations {
            for t in 0..<n { detrended[t] = values[t] - trend[t] }
            // Step 2: smooth each cycle-subseries, extended by one value at each end.
            for phase in 0..<p {
                var subseries: [Double] = []
                var t = phase
                while t < n { subseries.append(detrended[t]); t += p }
                let k = subseries.count
                guard k > 0 else { continue }
                let smoother = Loess(window: seasonalWindow, degree: seasonalDegree)
                let smoothed = smoother.smooth(subseries)
                cycle[phase] = smoother.estimate(subseries, at: -1, left: 0, right: min(seasonalWindow, k) - 1)
                for j in 1...k { cycle[j * p + phase] = smoothed[j - 1] }
                cycle[(k + 1) * p + phase] = smoother.estimate(
                    subseries, at: Double(k), left: max(0, k - seasonalWindow), right: k - 1)
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
