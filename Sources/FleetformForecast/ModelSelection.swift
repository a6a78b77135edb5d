/// Chooses among cross-validated candidates: the smallest rolling-origin error, unless a
/// simpler candidate is within the noise of the origins (the "one standard error" rule of
/// Breiman et al. 1984 and Hastie, Tibshirani & Friedman, *Elements of Statistical Learning*
/// §7.10), and forms the combination of the best few.
enum ModelSelection {
    /// How many of the best candidates the combination averages.
    static let combinationSize = 3

    /// The index of the chosen candidate: among those whose mean error exceeds the best one's
    /// by at most one standard error of the paired per-origin differences, the simplest (the
    /// best-scoring among equally simple ones). With one origin there is no noise estimate
    /// and the best score wins, ties going to the simpler.
    static func choose(_ candidates: [CrossValidatedCandidate]) -> Int? {
        guard !candidates.isEmpty else { return nil }
        let scores = candidates.map(\.score)
        var best = 0
        for index in candidates.indices {
            let better = scores[index] < scores[best]
            let tieSimpler = scores[index] == scores[best] && candidates[index].complexity < candidates[best].complexity
            if better || tieSimpler { best = index }
        }
        let reference = candidates[best].originErrors
        var chosen = best
        for index in candidates.indices where candidates[index].complexity < candidates[chosen].complexity {
            if withinNoise(candidates[index].originErrors, of: reference) { chosen = index }
        }
        // Among candidates as simple as the chosen one and within noise, keep the best score.
        for index in candidates.indices
        where candidates[index].complexity == candidates[chosen].complexity && scores[index] < scores[chosen]
            && withinNoise(candidates[index].originErrors, of: reference)
        {
            chosen = index
        }
        return chosen
    }

    /// Whether the mean of `errors − reference` (paired by origin) is at most one standard
    /// error above zero. Needs two origins; with one, only an exact tie counts.
    static func withinNoise(_ errors: [Double], of reference: [Double]) -> Bool {
        let k = min(errors.count, reference.count)
        guard k >= 2 else { return k == 1 && errors[0] <= reference[0] }
        let differences = (0..<k).map { errors[$0] - reference[$0] }
        let mean = differences.reduce(0, +) / Double(k)
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k - 1)
        return mean <= (variance / Double(k)).squareRoot()
    }

    /// The inverse-error weighted mean of the ``combinationSize`` best candidates (weights
    /// `1/score`, Bates & Granger 1969 with the cross-validation error as the error measure),
    /// fold by fold as for the whole series; `nil` with fewer than two candidates or a
    /// perfect one (which needs no help).
    static func combination(_ candidates: [CrossValidatedCandidate], origins: RollingOrigin, values: [Double])
        -> CrossValidatedCandidate?
    {
        let ranked = candidates.indices.sorted { candidates[$0].score < candidates[$1].score }
        let members = ranked.prefix(combinationSize).map { candidates[$0] }
        guard members.count >= 2, members.allSatisfy({ $0.score > 0 && $0.score.isFinite }) else { return nil }
        let weights = members.map { 1 / $0.score }
        let total = weights.reduce(0, +)
        func blend(_ forecasts: [PointForecast]) -> PointForecast {
            var mean = [Double](repeating: 0, count: forecasts[0].mean.count)
            for (forecast, weight) in zip(forecasts, weights) {
                for step in mean.indices { mean[step] += weight / total * forecast.mean[step] }
            }
            let name = "Combination(" + forecasts.map(\.model).joined(separator: ", ") + ")"
            return PointForecast(model: name, mean: mean, standardDeviation: nil)
        }
        let folds = origins.origins.indices.map { fold in blend(members.map { $0.folds[fold] }) }
        return CrossValidatedCandidate(
            forecast: blend(members.map(\.forecast)), folds: folds, errors: origins.errors(values, forecasts: folds),
            complexity: (members.map(\.complexity).max() ?? 0) + 1)
    }
}
