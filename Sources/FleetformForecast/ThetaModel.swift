/// The theta method as a state-space model, in the four variants of Fiorucci, Pellegrini,
/// Louzada, Petropoulos & Koehler (2016), "Models for optimising the theta method and their
/// relationship to state space models", *IJF* 32(4), §3 (as R's `forecTheta` and
/// statsforecast's `AutoTheta` fit them):
///
/// * `μ_t = ℓ_{t−1} + (1 − 1/θ)·[(1−α)^{t−1}·A_{t−1} + (1 − (1−α)^t)/α · B_{t−1}]`, the
///   one-step forecast; `ℓ_t = α·Y_t + (1−α)·ℓ_{t−1}`, simple exponential smoothing;
/// * `A_t`, `B_t` are the intercept and slope of the least-squares line through `Y_1…Y_t`,
///   updated recursively (`Ȳ_t = ((t−1)·Ȳ_{t−1} + Y_t)/t`,
///   `B_t = ((t−2)·B_{t−1} + 6·(Y_t − Ȳ_{t−1})/t)/(t+1)`, `A_t = Ȳ_t − (t+1)/2·B_t`) in the
///   dynamic models, fixed at the whole sample's line in the static ones;
/// * θ = 2 in the standard models (the M3 competition's Theta method) and estimated (θ ≥ 1)
///   in the optimised ones; α ∈ [0.1, 0.99] and ℓ₀ are always estimated, by least squares on
///   the one-step errors (from the fourth observation on; the first three are burn-in).
///
/// Forecasts run the same recursion with each forecast standing in for the observation.
/// The model has no closed-form forecast variance here: intervals come from cross-validation.
struct ThetaModel: Sendable, Equatable {
    /// The four models of the paper.
    enum Variant: String, Sendable, CaseIterable {
        case standard = "STM"
        case optimised = "OTM"
        case dynamicStandard = "DSTM"
        case dynamicOptimised = "DOTM"

        var dynamic: Bool { self == .dynamicStandard || self == .dynamicOptimised }
        var optimisesTheta: Bool { self == .optimised || self == .dynamicOptimised }
    }

    /// The state after an observation.
    struct State: Sendable, Equatable {
        /// Observations seen so far.
        var count = 0
        var level = 0.0
        var mean = 0.0
        var intercept = 0.0
        var slope = 0.0
        /// `(1 − α)^count`.
        var decay = 1.0
    }

    static let alphaBounds = 0.1...0.99
    /// Errors of the first observations are left out of the fit criterion.
    static let burnIn = 3

    var variant: Variant
    var alpha: Double
    var theta: Double
    var initialLevel: Double
    /// The state after the last observation the model was run over.
    var state = State()
    /// Mean squared one-step error over the observations after the burn-in.
    var meanSquaredError = Double.infinity

    /// The one-step forecast from `state`.
    func oneStep(from state: State) -> Double {
        let weight = (1 - state.decay * (1 - alpha)) / alpha
        return state.level + (1 - 1 / theta) * (state.decay * state.intercept + weight * state.slope)
    }

    /// Folds observation `y` into `state`.
    func update(_ state: inout State, with y: Double) {
        if state.count == 0 {
            state = State(
                count: 1, level: alpha * y + (1 - alpha) * initialLevel, mean: y, intercept: y, slope: 0,
                decay: 1 - alpha)
            if !variant.dynamic, let fixedLine {
                state.intercept = fixedLine.intercept
                state.slope = fixedLine.slope
            }
            return
        }
        let t = Double(state.count + 1)
        state.level = alpha * y + (1 - alpha) * state.level
        let previousMean = state.mean
        state.mean = ((t - 1) * previousMean + y) / t
        if variant.dynamic {
            state.slope = ((t - 2) * state.slope + 6 * (y - previousMean) / t) / (t + 1)
            state.intercept = state.mean - (t + 1) / 2 * state.slope
        }
        state.count += 1
        state.decay *= 1 - alpha
    }

    /// A least-squares line `A + B·t`.
    struct Line: Sendable, Equatable {
        var intercept: Double
        var slope: Double
    }

    /// The static models' line, the whole sample's, fixed before running.
    var fixedLine: Line?

    /// Runs the model over `values` from scratch; returns the state and the mean squared
    /// one-step error after the burn-in (`+∞` if not finite).
    func run(_ values: [Double]) -> (state: State, meanSquaredError: Double) {
        var model = self
        if !variant.dynamic { model.fixedLine = Self.leastSquaresLine(values) }
        var state = State()
        var sum = 0.0, count = 0
        for (index, y) in values.enumerated() {
            if index > 0 {
                let error = y - model.oneStep(from: state)
                if index >= Self.burnIn {
                    sum += error * error
                    count += 1
                }
            }
            model.update(&state, with: y)
        }
        let mse = count > 0 ? sum / Double(count) : 0
        return (state, mse.isFinite ? mse : .infinity)
    }

    /// The same parameters run over `values` (e.g. a prefix of the fitted series).
    func refiltered(_ values: [Double]) -> ThetaModel {
        var model = self
        if !variant.dynamic { model.fixedLine = Self.leastSquaresLine(values) }
        let (state, mse) = run(values)
        model.state = state
        model.meanSquaredError = mse
        return model
    }

    /// Point forecasts for 1…horizon steps after the final state.
    func forecast(horizon: Int) -> [Double] {
        var state = self.state
        var result: [Double] = []
        result.reserveCapacity(horizon)
        for _ in 0..<horizon {
            let next = state.count == 0 ? initialLevel : oneStep(from: state)
            result.append(next)
            update(&state, with: next)
        }
        return result
    }

    /// Fits one variant by Nelder–Mead on the mean squared one-step error; `nil` for fewer
    /// than `burnIn + 2` values.
    static func fit(_ values: [Double], variant: Variant, optimizer: NelderMead = NelderMead()) -> ThetaModel? {
        guard values.count >= burnIn + 2 else { return nil }
        let scale = max(ETSFitter.spread(values), 1e-8 * max(1, abs(values[0])))
        var start = [0.5, values[0] / 2]
        var steps = [0.1, max(0.1 * abs(values[0] / 2), scale)]
        if variant.optimisesTheta {
            start.append(2)
            steps.append(0.5)
        }
        let base = ThetaModel(variant: variant, alpha: 0.5, theta: 2, initialLevel: values[0] / 2)
        func model(_ x: [Double]) -> ThetaModel {
            var m = base
            m.alpha = x[0]
            m.initialLevel = x[1]
            if variant.optimisesTheta { m.theta = x[2] }
            return m
        }
        let result = optimizer.minimize(start: start, steps: steps) { x in
            guard alphaBounds.contains(x[0]), !variant.optimisesTheta || x[2] >= 1 else { return .infinity }
            return model(x).run(values).meanSquaredError
        }
        guard result.value.isFinite else { return nil }
        return model(result.point).refiltered(values)
    }

    /// The best of the four variants by in-sample mean squared error (statsforecast's
    /// `AutoTheta` criterion), or `nil` for a series too short for any.
    static func select(_ values: [Double], variants: [Variant] = Variant.allCases) -> ThetaModel? {
        var best: ThetaModel? = nil
        for variant in variants {
            guard let model = fit(values, variant: variant) else { continue }
            if best.map({ model.meanSquaredError < $0.meanSquaredError }) ?? true { best = model }
        }
        return best
    }

    /// The least-squares line through `(t, values[t−1])`, t = 1…n: `B_n` the slope and
    /// `A_n = Ȳ − (n+1)/2·B_n` the intercept at t = 0.
    static func leastSquaresLine(_ values: [Double]) -> Line {
        let n = Double(values.count)
        guard values.count > 1 else { return Line(intercept: values.first ?? 0, slope: 0) }
        let meanT = (n + 1) / 2
        let meanY = values.reduce(0, +) / n
        var sxy = 0.0
        for (index, y) in values.enumerated() { sxy += (Double(index + 1) - meanT) * (y - meanY) }
        let slope = sxy / (n * (n * n - 1) / 12)
        return Line(intercept: meanY - meanT * slope, slope: slope)
    }
}
