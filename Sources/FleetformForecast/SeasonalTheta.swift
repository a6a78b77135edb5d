/// The theta method on a seasonally adjusted series, as the M4 competition's Theta benchmark
/// and statsforecast's `AutoTheta` run it: when the autocorrelation at the seasonal lag is
/// significant (90%, two-sided, Bartlett's variance: `|r_m| > 1.645·√((1 + 2·Σ_{k<m} r_k²)/n)`),
/// the series is divided by the seasonal indices of a classical multiplicative decomposition
/// (or has an additive one subtracted, for data that is not positive or whose indices fall
/// below 0.01), a ``ThetaModel`` forecasts the adjusted series, and the forecast is
/// reseasonalised with the same indices.
struct SeasonalTheta: Sendable, Equatable {
    /// The season length tested (1: none).
    var period: Int
    /// The fitted model, on the adjusted series.
    var model: ThetaModel
    /// Seasonal indices by phase (`t % period`), or `nil` when the series was not adjusted.
    var figure: [Double]?
    var multiplicative: Bool

    /// `Theta(DOTM)` or, when seasonally adjusted, `Theta(DOTM)[24]`.
    var name: String {
        figure == nil ? "Theta(\(model.variant.rawValue))" : "Theta(\(model.variant.rawValue))[\(period)]"
    }

    /// Tests for seasonality, adjusts, and selects the variant by in-sample error; `nil` for a
    /// series too short for the model.
    static func fit(_ values: [Double], period: Int) -> SeasonalTheta? {
        let (figure, multiplicative) = adjustment(values, period: period)
        let adjusted = adjust(values, figure: figure, multiplicative: multiplicative, start: 0)
        guard let model = ThetaModel.select(adjusted) else { return nil }
        return SeasonalTheta(period: period, model: model, figure: figure, multiplicative: multiplicative)
    }

    /// The same parameters over `values` (a prefix of the fitted series): the seasonal
    /// indices are estimated again on it, the model is run over the adjusted prefix.
    func refiltered(_ values: [Double]) -> SeasonalTheta {
        var copy = self
        if figure != nil {
            let (figure, multiplicative) = Self.adjustment(values, period: period, test: false)
            copy.figure = figure
            copy.multiplicative = multiplicative
        }
        let adjusted = Self.adjust(values, figure: copy.figure, multiplicative: copy.multiplicative, start: 0)
        copy.model = model.refiltered(adjusted)
        return copy
    }

    /// Point forecasts for 1…horizon steps after the series the model last ran over.
    func forecast(horizon: Int) -> [Double] {
        let adjusted = model.forecast(horizon: horizon)
        guard let figure else { return adjusted }
        let start = model.state.count
        return adjusted.enumerated().map { step, value in
            let index = figure[(start + step) % period]
            return multiplicative ? value * index : value + index
        }
    }

    /// The seasonal indices to adjust by (`nil`: no adjustment) and whether they multiply.
    static func adjustment(_ values: [Double], period m: Int, test: Bool = true) -> ([Double]?, Bool) {
        guard m >= 4, values.count >= 2 * m else { return (nil, false) }
        if test && !seasonalityIsSignificant(values, period: m) { return (nil, false) }
        if values.allSatisfy({ $0 > 0 }),
            let figure = ETSFitter.classicalSeasonalFigure(values, period: m, multiplicative: true),
            figure.allSatisfy({ $0 >= 0.01 })
        {
            return (figure, true)
        }
        guard let figure = ETSFitter.classicalSeasonalFigure(values, period: m, multiplicative: false) else {
            return (nil, false)
        }
        return (figure, false)
    }

    /// The seasonality test of the M4 Theta benchmark (see the type's documentation).
    static func seasonalityIsSignificant(_ values: [Double], period m: Int) -> Bool {
        let r = autocorrelations(values, lags: m)
        guard r.count == m else { return false }
        var sum = 0.0
        for k in 0..<(m - 1) { sum += r[k] * r[k] }
        let limit = 1.6448536269514722 * ((1 + 2 * sum) / Double(values.count)).squareRoot()
        return abs(r[m - 1]) > limit
    }

    /// Sample autocorrelations at lags 1…lags (statsmodels' `acf`, unadjusted denominators).
    static func autocorrelations(_ values: [Double], lags: Int) -> [Double] {
        let n = values.count
        guard n > lags else { return [] }
        let mean = values.reduce(0, +) / Double(n)
        let centred = values.map { $0 - mean }
        let denominator = centred.reduce(0) { $0 + $1 * $1 }
        guard denominator > 0 else { return Array(repeating: 0, count: lags) }
        return centred.withUnsafeBufferPointer { x in
            (1...lags).map { lag in
                var sum = 0.0
                for t in lag..<n { sum += x[t] * x[t - lag] }
                return sum / denominator
            }
        }
    }

    static func adjust(_ values: [Double], figure: [Double]?, multiplicative: Bool, start: Int) -> [Double] {
        guard let figure else { return values }
        let m = figure.count
        return values.enumerated().map { t, y in
            multiplicative ? y / figure[(start + t) % m] : y - figure[(start + t) % m]
        }
    }
}
