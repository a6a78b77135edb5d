/// Multiple seasonal decomposition by Loess, MSTL (Bandara, Hyndman & Bergmeir 2021,
/// arXiv:2107.13462), with a non-seasonal ETS model on the seasonally adjusted series, as R's
/// `forecast::stlf`/`mstl` and statsforecast's `MSTL(trend_forecaster=AutoETS(model="ZZN"))`
/// forecast: each seasonal component repeats its last cycle, the adjusted series (trend plus
/// remainder) is forecast by the ETS model, and the intervals are the ETS model's shifted by
/// the seasonal forecast.
struct MSTLModel: Sendable {
    /// Seasonal periods, ascending; periods of at least half the series length are dropped.
    var periods: [Int]
    /// The adjusted series' ETS form, or `nil` to select it by AICc among the non-seasonal forms.
    var trendForm: ETSForm? = nil
    /// A model of the adjusted series fitted before (to the whole series), run with its
    /// parameters instead of fitting one: the cross-validation folds' cheap refit.
    var trendModel: ETSModel? = nil
    var iterations = 2
    var fitter = ETSFitter()

    /// The periods this series can carry (two full cycles at least).
    static func usablePeriods(_ periods: [Int], count: Int) -> [Int] {
        Array(Set(periods.filter { $0 > 1 && 2 * $0 <= count })).sorted()
    }

    /// Seasonal components (one per period) and the seasonally adjusted series.
    func decompose(_ values: [Double], periods: [Int]) -> (seasonals: [[Double]], adjusted: [Double]) {
        let n = values.count
        var seasonals = [[Double]](repeating: [Double](repeating: 0, count: n), count: periods.count)
        var adjusted = values
        let rounds = periods.count == 1 ? 1 : iterations
        for _ in 0..<rounds {
            for (index, period) in periods.enumerated() {
                for t in 0..<n { adjusted[t] += seasonals[index][t] }
                let stl = STLDecomposition(period: period, seasonalWindow: 7 + 4 * (index + 1))
                seasonals[index] = stl.decompose(adjusted).seasonal
                for t in 0..<n { adjusted[t] -= seasonals[index][t] }
            }
        }
        return (seasonals, adjusted)
    }

    /// Decomposes, fits the adjusted series, and forecasts `horizon` hours; also returns the
    /// adjusted series' ETS model. `nil` when no period fits the series (the caller then uses
    /// a non-seasonal model).
    func forecast(_ values: [Double], horizon: Int) -> (forecast: PointForecast, trendModel: ETSModel)? {
        let usable = Self.usablePeriods(periods, count: values.count)
        guard !usable.isEmpty else { return nil }
        let (seasonals, adjusted) = decompose(values, periods: usable)
        let positive = adjusted.allSatisfy { $0 > 0 }
        let forms =
            trendForm.map {
                $0.error == .multiplicative && !positive
                    ? [ETSForm(error: .additive, trend: $0.trend, season: .none)] : [$0]
            }
            ?? ETSForm.candidates(period: 1, seasonal: false, positive: positive)
        let fitted = trendModel.map { $0.refiltered(adjusted) } ?? fitter.selectModel(adjusted, period: 1, forms: forms)
        guard let model = fitted else { return nil }
        var mean = model.pointForecast(horizon: horizon)
        let sd = model.forecastStandardDeviation(mean: mean)
        let n = values.count
        for (index, period) in usable.enumerated() {
            for h in 0..<horizon { mean[h] += seasonals[index][n - period + h % period] }
        }
        let name = "MSTL(\(usable.map(String.init).joined(separator: ",")))+\(model.form)"
        return (PointForecast(model: name, mean: mean, standardDeviation: sd), model)
    }
}
