/// Derivative-free minimisation by the Nelder–Mead simplex method (Nelder & Mead 1965), with
/// the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½) and the
/// relative stopping rule of R's `optim` (`reltol`): stop when the spread of the simplex values
/// is within `relativeTolerance·(|f_best| + relativeTolerance)`.
struct NelderMead {
    var maximumEvaluations = 2000
    var relativeTolerance = 1.0e-8

    /// Minimises `objective` from `start`, the initial simplex stepping `steps[i]` along axis i.
    func minimize(start: [Double], steps: [Double], _ objective: ([Double]) -> Double) -> (
        point: [Double], value: Double
    ) {
        let dimension = start.count
        guard dimension > 0 else { return (start, objective(start)) }
        var simplex: [[Double]] = [start]
        for axis in 0..<dimension {
            var vertex = start
            vertex[axis] += steps[axis]
            simplex.append(vertex)
        }
        var values = simplex.map(objective)
        var evaluations = values.count
        var order = Array(0...dimension)
        var centroid = [Double](repeating: 0, count: dimension)
        var trial = centroid

        func point(_ coefficient: Double, from worst: [Double]) -> [Double] {
            for axis in 0..<dimension { trial[axis] = centroid[axis] + coefficient * (worst[axis] - centroid[axis]) }
            return trial
        }

        while evaluations < maximumEvaluations {
            order.sort { values[$0] < values[$1] }
            let best = order[0], worst = order[dimension], secondWorst = order[dimension - 1]
            let fBest = values[best], fWorst = values[worst]
            if fWorst.isFinite && fWorst - fBest <= relativeTolerance * (abs(fBest) + relativeTolerance) { break }
            for axis in 0..<dimension {
                var sum = 0.0
                for vertex in 0...dimension where vertex != worst { sum += simplex[vertex][axis] }
                centroid[axis] = sum / Double(dimension)
            }
            let reflected = point(-1, from: simplex[worst])
            let fReflected = objective(reflected)
            evaluations += 1
            if fReflected < fBest {
                let expanded = point(-2, from: simplex[worst])
                let fExpanded = objective(expanded)
                evaluations += 1
                if fExpanded < fReflected {
                    simplex[worst] = expanded; values[worst] = fExpanded
                } else {
                    simplex[worst] = reflected; values[worst] = fReflected
                }
            } else if fReflected < values[secondWorst] {
                simplex[worst] = reflected; values[worst] = fReflected
            } else {
                let outside = fReflected < fWorst
                let contracted = point(outside ? -0.5 : 0.5, from: simplex[worst])
                let fContracted = objective(contracted)
                evaluations += 1
                if fContracted < min(fReflected, fWorst) {
                    simplex[worst] = contracted; values[worst] = fContracted
                } else {
                    for vertex in 0...dimension where vertex != best {
                        for axis in 0..<dimension {
                            simplex[vertex][axis] =
                                simplex[best][axis] + 0.5 * (simplex[vertex][axis] - simplex[best][axis])
                        }
                        values[vertex] = objective(simplex[vertex])
                        evaluations += 1
                    }
                }
            }
        }
        // The simplex has dimension + 1 vertices, never none.
        let best = values.indices.min { values[$0] < values[$1] } ?? 0
        return (simplex[best], values[best])
    }
}
