import Foundation

/// A fitted ETS model: its form, smoothing parameters, initial and final states, and fit
/// statistics. The recursions are the error-correction forms of Hyndman et al. (2008),
/// table 2.1, written (as R's `etscalc` does) in terms of the observation so one update serves
/// both error types; only the likelihood differs between additive and multiplicative errors.
struct ETSModel: Sendable, Equatable {
    /// Smoothing parameters: level α, trend β, season γ (error-correction form) and damping φ.
    struct Parameters: Sendable, Equatable {
        var alpha: Double
        var beta: Double = 0
        var gamma: Double = 0
        var phi: Double = 1
    }

    /// Level, trend, and one seasonal index per phase (`season[t % period]` applies at hour t).
    struct State: Sendable, Equatable {
        var level: Double
        var trend: Double = 0
        var season: [Double] = []
    }

    var form: ETSForm
    /// The index of the observation the initial state precedes (0 unless fitted on a window).
    var start = 0
    var parameters: Parameters
    var initialState: State
    /// The state after the last observation.
    var finalState: State
    /// Number of observations the model was fitted on.
    var observationCount: Int
    /// Free parameters counted for AICc (smoothing, damping, initial states, and σ).
    var parameterCount: Int
    /// Log-likelihood up to a constant shared by all forms fitted to the same series.
    var logLikelihood: Double
    /// Residual variance (of absolute errors for A, relative errors for M).
    var sigma2: Double

    /// AICc (Hurvich & Tsai 1989), as `ets` selects by.
    var aicc: Double {
        let n = Double(observationCount), k = Double(parameterCount)
        guard n - k - 1 > 0 else { return .infinity }
        return -2 * logLikelihood + 2 * k + 2 * k * (k + 1) / (n - k - 1)
    }

    /// Runs the recursions over `values` from `state`, leaving the final state in `state`.
    ///
    /// Returns `n·log(Σe²)` (+ `2·Σlog|ŷ|` for a multiplicative error), i.e. −2 log-likelihood
    /// up to a constant (Hyndman et al. 2008 §5.2), or `+∞` where the model breaks down
    /// (a non-positive fitted value under a multiplicative component). `squaredErrors` gets Σe².
    static func filter(
        _ values: UnsafeBufferPointer<Double>, form: ETSForm, parameters p: Parameters, state: inout State,
        squaredErrors: inout Double
    ) -> Double {
        let period = form.period
        let hasTrend = form.trend != .none
        let phi = form.trend == .damped ? p.phi : 1
        let additiveSeason = form.season == .additive
        let multiplicativeSeason = form.season == .multiplicative
        let multiplicativeError = form.error == .multiplicative
        let needsPositive = multiplicativeError || multiplicativeSeason
        var level = state.level, trend = state.trend
        var sumSquares = 0.0, sumLogs = 0.0
        let beta = hasTrend ? p.beta / p.alpha : 0
        let ok: Bool = state.season.withUnsafeMutableBufferPointer { season -> Bool in
            var phase = 0
            for t in 0..<values.count {
                let y = values[t]
                let phiTrend = hasTrend ? phi * trend : 0
                let q = level + phiTrend
                let old = (additiveSeason || multiplicativeSeason) ? season[phase] : 0
                let fitted = multiplicativeSeason ? q * old : q + old
                if needsPositive && !(fitted > 0) { return false }
                let error = multiplicativeError ? (y - fitted) / fitted : y - fitted
                sumSquares += error * error
                if multiplicativeError { sumLogs += log(fitted) }
                let deseasonalised = additiveSeason ? y - old : (multiplicativeSeason ? y / old : y)
                let newLevel = q + p.alpha * (deseasonalised - q)
                if hasTrend { trend = phiTrend + beta * (newLevel - level - phiTrend) }
                level = newLevel
                if additiveSeason {
                    season[phase] = old + p.gamma * (y - q - old)
                } else if multiplicativeSeason {
                    if !(q > 0) { return false }
                    season[phase] = old + p.gamma * (y / q - old)
                }
                phase += 1
                if phase == period { phase = 0 }
            }
            return true
        }
        guard ok else { return .infinity }
        state.level = level
        state.trend = trend
        // Keep phases aligned: the caller's next observation is at `values.count` past the start.
        let shift = values.count % max(period, 1)
        if shift != 0 && !state.season.isEmpty {
            state.season = Array(state.season[shift...] + state.season[..<shift])
        }
        squaredErrors = sumSquares
        let n = Double(values.count)
        let result = n * log(max(sumSquares, 1e-300)) + 2 * sumLogs
        return result.isFinite ? result : .infinity
    }

    /// The same model (parameters and initial state) run over `values`, a prefix of the series
    /// it was fitted to: the state at that point, for forecasting from an earlier origin. The
    /// run starts where the fit did, or whole seasons earlier when the prefix ends before it.
    func refiltered(_ values: [Double]) -> ETSModel? {
        let season = max(form.period, 1)
        var from = start
        if values.count - from < season {
            let seasons = (season - (values.count - from) + season - 1) / season
            from -= seasons * season
            if from < 0 { from = start % season }
        }
        guard from < values.count else { return nil }
        var state = initialState
        var sse = 0.0
        let lik = values[from...].withUnsafeBufferPointer {
            ETSModel.filter($0, form: form, parameters: parameters, state: &state, squaredErrors: &sse)
        }
        guard lik.isFinite else { return nil }
        var model = self
        model.finalState = state
        model.observationCount = values.count
        return model
    }

    /// Point forecasts for hours 1...horizon after the final state.
    func pointForecast(horizon: Int, from state: State? = nil) -> [Double] {
        let state = state ?? finalState
        let phi = form.trend == .damped ? parameters.phi : 1
        var damping = 0.0, power = 1.0
        var result: [Double] = []
        result.reserveCapacity(horizon)
        for h in 0..<horizon {
            if form.trend != .none {
                power *= phi
                damping += power
            }
            let q = state.level + damping * state.trend
            switch form.season {
            case .none: result.append(q)
            case .additive: result.append(q + state.season[h % form.period])
            case .multiplicative: result.append(q * state.season[h % form.period])
            }
        }
        return result
    }

    /// Forecast standard deviations per horizon for variance classes 1 and 2 (Hyndman et al.
    /// 2008, ch. 6, table 6.1 and eq. 6.8); `nil` for class 3 (multiplicative season).
    func forecastStandardDeviation(mean: [Double]) -> [Double]? {
        let horizon = mean.count
        let p = parameters
        let phi = form.trend == .damped ? p.phi : 1
        // c_j = α + β·φ_j + γ·d_{j,m}, φ_j = φ + … + φ^j.
        var c = [Double](repeating: 0, count: max(horizon, 1))
        var phiSum = 0.0, power = 1.0
        for j in 1..<max(horizon, 1) {
            power *= phi
            phiSum += power
            var value = p.alpha
            if form.trend != .none { value += p.beta * phiSum }
            if form.season != .none && j % form.period == 0 { value += p.gamma }
            c[j] = value
        }
        switch form.varianceClass {
        case 1:
            var sum = 0.0
            return (0..<horizon).map { h in
                if h > 0 { sum += c[h] * c[h] }
                return (sigma2 * (1 + sum)).squareRoot()
            }
        case 2:
            var theta = [Double](repeating: 0, count: horizon)
            var result = [Double](repeating: 0, count: horizon)
            for h in 0..<horizon {
                var value = mean[h] * mean[h]
                if h > 0 {
                    var sum = 0.0
                    for j in 1...h { sum += c[j] * c[j] * theta[h - j] }
                    value += sigma2 * sum
                }
                theta[h] = value
                result[h] = max(0, (1 + sigma2) * value - mean[h] * mean[h]).squareRoot()
            }
            return result
        default:
            return nil
        }
    }
}
