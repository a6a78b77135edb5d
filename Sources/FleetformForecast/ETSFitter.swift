import Foundation

/// Fits ETS models by maximum likelihood and selects among forms by AICc, following R's
/// `forecast::ets` (Hyndman et al. 2008 ch. 5; Hyndman & Khandakar 2008) and statsforecast's
/// `AutoETS`:
///
/// * initial states from a heuristic decomposition (`initstate`): classical decomposition of
///   the first (up to) three seasons for the seasonal indices, then a regression line through
///   the first `max(10, 2m)` seasonally adjusted values for level and trend;
/// * then smoothing parameters and initial states optimised together by Nelder–Mead on the
///   likelihood, within the "usual" bounds: α ∈ [1e-4, 0.9999], β ∈ [1e-4, α],
///   γ ∈ [1e-4, 1−α], φ ∈ [0.8, 0.98];
/// * the last seasonal index is not free: it is set so the indices sum to 0 (additive) or m
///   (multiplicative).
///
/// Seasons longer than ``maximumOptimisedPeriod`` (e.g. 168) are fitted too, not dropped as
/// `AutoETS` drops them: their seasonal indices stay at the decomposition's values (optimising
/// 167 initial states by Nelder–Mead is hopeless) while the smoothing parameters, level and
/// trend are optimised.
struct ETSFitter: Sendable {
    static let lowerBound = 1.0e-4
    static let upperBound = 0.9999
    static let phiBounds = 0.8...0.98
    static let maximumOptimisedPeriod = 24

    var optimizer = NelderMead()
    /// When set, ``selectModel(_:period:forms:)`` fits only the last `window` observations
    /// (rounded up to whole seasons): the cost of a fit grows with the series, and a few weeks
    /// of hourly data pin an exponential smoothing model down as well as a year does.
    var window: Int? = nil

    /// Fits every candidate form and returns the one with the smallest AICc, or `nil` when the
    /// series is too short for any of them.
    func selectModel(_ values: [Double], period: Int, forms: [ETSForm]? = nil) -> ETSModel? {
        let start = window.map { Self.windowStart(count: values.count, window: $0, period: period) } ?? 0
        let values = start > 0 ? Array(values[start...]) : values
        let positive = values.allSatisfy { $0 > 0 }
        let seasonal = period > 1 && values.count >= 2 * period
        let candidates = forms ?? ETSForm.candidates(period: period, seasonal: seasonal, positive: positive)
        var best: ETSModel? = nil
        for form in candidates {
            guard var model = fit(values, form: form) else { continue }
            model.start = start
            if best.map({ model.aicc < $0.aicc }) ?? true { best = model }
        }
        return best
    }

    /// Where a fit on the last `window` values (rounded up to whole seasons of `period`) starts.
    static func windowStart(count: Int, window: Int, period: Int) -> Int {
        let season = max(period, 1)
        let length = (window + season - 1) / season * season
        return max(0, count - length)
    }

    /// Fits one form by maximum likelihood; `nil` if the series is too short for it or every
    /// parameter set breaks down (e.g. a multiplicative form on non-positive data).
    func fit(_ values: [Double], form: ETSForm) -> ETSModel? {
        let n = values.count
        let m = form.period
        if form.season != .none && n < 2 * m { return nil }
        if (form.error == .multiplicative || form.season == .multiplicative) && !values.allSatisfy({ $0 > 0 }) {
            return nil
        }
        let optimiseSeason = form.season != .none && m <= Self.maximumOptimisedPeriod
        let freeSeasonal = form.season == .none ? 0 : m - 1
        var smoothingCount = 1
        if form.trend != .none { smoothingCount += 1 }
        if form.season != .none { smoothingCount += 1 }
        if form.trend == .damped { smoothingCount += 1 }
        let stateCount = 1 + (form.trend != .none ? 1 : 0) + freeSeasonal
        let parameterCount = smoothingCount + stateCount + 1
        // `ets` needs more observations than parameters plus a margin.
        guard n > parameterCount + 3 || (form.season == .none && form.trend == .none && n >= 3) else { return nil }

        guard let initial = initialState(values, form: form) else { return nil }
        let start = startingParameters(form: form)
        let scale = max(Self.spread(values), 1e-8 * max(1, abs(values.reduce(0, +) / Double(n))))

        // Pack: [α, β?, γ?, φ?, l0, b0?, s_0 … s_{m−2} (if optimised)].
        var x: [Double] = [start.alpha]
        var steps: [Double] = [0.1]
        if form.trend != .none { x.append(start.beta); steps.append(0.01) }
        if form.season != .none { x.append(start.gamma); steps.append(0.01) }
        if form.trend == .damped { x.append(start.phi); steps.append(-0.05) }
        x.append(initial.level); steps.append(0.1 * max(abs(initial.level), scale))
        if form.trend != .none {
            x.append(initial.trend); steps.append(0.1 * max(abs(initial.trend), scale / Double(max(m, 10))))
        }
        if optimiseSeason {
            for index in 0..<(m - 1) {
                x.append(initial.season[index])
                steps.append(form.season == .additive ? 0.1 * max(abs(initial.season[index]), scale) : 0.05)
            }
        }

        func unpack(_ x: [Double]) -> (Parameters: ETSModel.Parameters, State: ETSModel.State) {
            var index = 0
            var p = ETSModel.Parameters(alpha: x[0])
            index = 1
            if form.trend != .none { p.beta = x[index]; index += 1 }
            if form.season != .none { p.gamma = x[index]; index += 1 }
            if form.trend == .damped { p.phi = x[index]; index += 1 }
            var state = initial
            state.level = x[index]; index += 1
            if form.trend != .none { state.trend = x[index]; index += 1 }
            if optimiseSeason {
                var sum = 0.0
                for phase in 0..<(m - 1) {
                    state.season[phase] = x[index]; sum += x[index]; index += 1
                }
                state.season[m - 1] = form.season == .additive ? -sum : Double(m) - sum
            }
            return (p, state)
        }

        let objective: ([Double]) -> Double = { x in
            let (p, state) = unpack(x)
            guard Self.admissible(p, form: form) else { return .infinity }
            var working = state
            var sse = 0.0
            return values.withUnsafeBufferPointer {
                ETSModel.filter($0, form: form, parameters: p, state: &working, squaredErrors: &sse)
            }
        }
        let result = optimizer.minimize(start: x, steps: steps, objective)
        guard result.value.isFinite else { return nil }
        let (parameters, state) = unpack(result.point)
        var final = state
        var sse = 0.0
        let lik = values.withUnsafeBufferPointer {
            ETSModel.filter($0, form: form, parameters: parameters, state: &final, squaredErrors: &sse)
        }
        guard lik.isFinite else { return nil }
        let degrees = n - parameterCount
        return ETSModel(
            form: form, parameters: parameters, initialState: state, finalState: final,
            observationCount: n, parameterCount: parameterCount, logLikelihood: -0.5 * lik,
            sigma2: sse / Double(degrees > 0 ? degrees : n)
        )
    }

    /// The "usual" region of `ets(bounds = "usual")`.
    static func admissible(_ p: ETSModel.Parameters, form: ETSForm) -> Bool {
        guard p.alpha >= lowerBound && p.alpha <= upperBound else { return false }
        if form.trend != .none && !(p.beta >= lowerBound && p.beta <= min(upperBound, p.alpha)) { return false }
        if form.season != .none && !(p.gamma >= lowerBound && p.gamma <= min(upperBound, 1 - p.alpha)) { return false }
        if form.trend == .damped && !phiBounds.contains(p.phi) { return false }
        return true
    }

    /// Starting values as in `ets`: α a fifth into its range (divided by m when seasonal),
    /// β a tenth of the way to α, γ a twentieth of the way to 1−α, φ near its upper bound.
    func startingParameters(form: ETSForm) -> ETSModel.Parameters {
        let lower = Self.lowerBound, upper = Self.upperBound
        let alpha = lower + 0.2 * (upper - lower) / Double(form.season != .none ? min(form.period, 24) : 1)
        var p = ETSModel.Parameters(alpha: alpha)
        p.beta = lower + 0.1 * (alpha - lower)
        p.gamma = lower + 0.05 * (1 - alpha - lower)
        p.phi = Self.phiBounds.lowerBound + 0.99 * (Self.phiBounds.upperBound - Self.phiBounds.lowerBound)
        return p
    }

    /// The heuristic initial states of `ets`'s `initstate` (see the type's documentation).
    func initialState(_ values: [Double], form: ETSForm) -> ETSModel.State? {
        let n = values.count
        let m = form.period
        var adjusted = values
        var season: [Double] = []
        if form.season != .none {
            let cycles = min(3, n / m)
            guard cycles >= 2 else { return nil }
            guard
                let figure = Self.classicalSeasonalFigure(
                    Array(values[0..<(cycles * m)]), period: m, multiplicative: form.season == .multiplicative)
            else { return nil }
            season = figure
            for t in 0..<n {
                adjusted[t] = form.season == .multiplicative ? values[t] / figure[t % m] : values[t] - figure[t % m]
            }
        }
        let count = min(max(10, 2 * m), n)
        guard count > 0 else { return nil }
        var state = ETSModel.State(level: 0, trend: 0, season: season)
        if form.trend == .none {
            state.level = adjusted[0..<count].reduce(0, +) / Double(count)
        } else {
            // Least squares line through (t, adjusted[t−1]) for t = 1…count; the intercept is the level at t = 0.
            let meanT = Double(count + 1) / 2
            let meanY = adjusted[0..<count].reduce(0, +) / Double(count)
            var sxy = 0.0, sxx = 0.0
            for t in 0..<count {
                let dt = Double(t + 1) - meanT
                sxy += dt * (adjusted[t] - meanY)
                sxx += dt * dt
            }
            state.trend = sxx > 0 ? sxy / sxx : 0
            state.level = meanY - state.trend * meanT
        }
        return state
    }

    /// Seasonal figure by classical decomposition (centred moving average of order m, or 2×m
    /// for even m; averaged detrended values per phase, normalised to sum 0 or average 1).
    static func classicalSeasonalFigure(_ values: [Double], period m: Int, multiplicative: Bool) -> [Double]? {
        let n = values.count
        let trend = CentredMovingAverage.apply(values, order: m)
        var sums = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m)
        for t in 0..<n {
            guard let level = trend[t] else { continue }
            if multiplicative {
                guard level > 0 else { return nil }
                sums[t % m] += values[t] / level
            } else {
                sums[t % m] += values[t] - level
            }
            counts[t % m] += 1
        }
        guard counts.allSatisfy({ $0 > 0 }) else { return nil }
        var figure = zip(sums, counts).map { $0 / Double($1) }
        let mean = figure.reduce(0, +) / Double(m)
        figure = figure.map { multiplicative ? $0 / mean : $0 - mean }
        if multiplicative && !figure.allSatisfy({ $0 > 0 }) { return nil }
        return figure
    }

    /// Root mean square deviation from the mean.
    static func spread(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return variance.squareRoot()
    }
}
