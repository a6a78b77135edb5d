/// The exact core: solves a ``CapacityProblem`` to optimality by exploiting its structure.
///
/// All sizes are counted in units of the greatest common divisor of the instances' GPU
/// counts (8 for H100 on `p5.48xlarge`), so demand rounds up to whole units without loss.
///
/// 1. **On-demand cover table.** `onDemandCover[x]`: the cheapest on-demand mix with at
///    least `x` units (an unbounded covering knapsack).
/// 2. **Spot options.** For every bound `M` on the largest pool, a bounded knapsack over the
///    pools (each at most `⌊M/g⌋` instances) gives the cheapest spot mix of exactly `y`
///    units. It survives the loss of any one pool with `e = y − M` units. Taking the minimum
///    over `M` is exact: a mix whose largest pool is smaller than `M` also appears at its own
///    `M`. Only options not dominated in (more `e`, fewer `y`, lower cost) are kept. Bounds: an
///    optimal plan has `e < D + g_max` (else one instance could go) and its largest pool at
///    most the second largest plus `g_max` (else one instance of it could go without losing
///    `e`), so `M ≤ D + 2·g_max` and `y ≤ 2·D + 3·g_max` suffice (`D`: largest demand).
/// 3. **One hour**, for a reserved base `b`: `min` over the options of
///    `cost + onDemandCover[max(need − e, L(y) − b)]`, where `L(y) = ⌈y·(1−S)/S⌉` is the non-spot
///    capacity the spot share cap `S` asks for (0 without a cap).
/// 4. **Reserved count.** For a fixed `R` the hours are independent, so the optimum is the
///    minimum over `R = 0…⌈D/g_R⌉` (more reserved capacity than the peak never pays) of
///    `hours·R·price + Σ_h hour cost`, the hour costs memoised per (demand, R).
public struct CapacitySolver: Sendable {
    /// A solver.
    public init() {}

    /// Solves `problem` exactly; throws when it is malformed.
    public func solve(_ problem: CapacityProblem) throws(CapacityError) -> CapacitySolution {
        try validate(problem)
        var tables = SolverTables(problem)
        let hours = problem.demand.count
        let units = problem.demand.map { tables.units(ofGPUs: $0) }
        let peak = units.max() ?? 0

        var best: (reserved: Int, cost: Double, choices: [SolverTables.HourChoice])? = nil
        let reservedUnits = problem.reserved.map { $0.gpusPerInstance / tables.unit } ?? 0
        let reservedLimit = reservedUnits > 0 ? (peak + reservedUnits - 1) / reservedUnits : 0
        for reserved in 0...reservedLimit {
            let base = reserved * reservedUnits
            var total = Double(reserved) * (problem.reserved?.hourlyPrice ?? 0) * Double(hours)
            if let best, total >= best.cost { break }  // reserved cost alone only grows with R
            var choices: [SolverTables.HourChoice] = []
            choices.reserveCapacity(hours)
            for need in units {
                let choice = tables.hour(need: need, base: base)
                total += choice.cost
                choices.append(choice)
            }
            if best.map({ total < $0.cost - 1e-9 }) ?? true { best = (reserved, total, choices) }
        }
        // The first pass (no reserved instances) always sets it: the loop breaks only once it is set.
        guard let chosen = best else { preconditionFailure("the solver's first pass sets a best plan") }
        let planned = chosen.choices.map { tables.purchase(for: $0) }
        let solution = CapacitySolution(reservedCount: chosen.reserved, hours: planned, cost: 0)
        return CapacitySolution(
            reservedCount: chosen.reserved, hours: planned, cost: problem.cost(of: solution))
    }

    func validate(_ problem: CapacityProblem) throws(CapacityError) {
        guard !problem.onDemand.isEmpty else {
            throw .invalidProblem("at least one on-demand offer is needed to guarantee coverage")
        }
        if let hour = problem.demand.firstIndex(where: { $0 < 0 }) {
            throw .invalidProblem("demand at hour \(hour) is negative (\(problem.demand[hour]))")
        }
        let offers = problem.onDemand + (problem.reserved.map { [$0] } ?? [])
        for offer in offers where !(offer.gpusPerInstance >= 1 && offer.hourlyPrice > 0 && offer.hourlyPrice.isFinite) {
            throw .invalidProblem(
                "\(offer.instanceType) needs at least 1 GPU per instance and a positive price per hour")
        }
        for pool in problem.spot where !(pool.gpusPerInstance >= 1 && pool.hourlyPrice > 0 && pool.hourlyPrice.isFinite)
        {
            throw .invalidProblem(
                "spot pool \(pool.instanceType) in \(pool.zone) needs at least 1 GPU per instance and a positive price")
        }
        if let share = problem.maxSpotShare, !(share >= 0 && share <= 1) {
            throw .invalidProblem("the spot share cap must lie in [0, 1], got \(share)")
        }
    }
}
