/// The tables behind ``CapacitySolver``: the on-demand cover table, the non-dominated spot
/// options and a memo of hour costs. Internal; see the solver's documentation for the method.
struct SolverTables {
    /// One spot option: `units` in total, `effective` after the worst pool loss, at `cost`,
    /// found with every pool at most `largestPool` units.
    struct SpotOption {
        var units: Int
        var effective: Int
        var cost: Double
        var largestPool: Int
    }

    /// The cheapest purchase of one hour: a spot option (or none) and on-demand units.
    struct HourChoice {
        var cost: Double
        var option: Int?
        var onDemandUnits: Int
    }

    let problem: CapacityProblem
    /// GPUs per unit: the gcd of every instance's GPU count.
    let unit: Int
    let onDemandUnits: [Int]
    let poolUnits: [Int]
    /// Spot share cap, nil or ≥ 1 meaning none, 0 meaning no spot.
    let share: Double?
    var options: [SpotOption] = []
    /// For the uncapped case: the cheapest option index with effective ≥ e, per e.
    var cheapestFrom: [Int?] = []
    var cover: [Double] = [0]
    var coverChoice: [Int] = [-1]
    var memo: [Int: HourChoice] = [:]

    init(_ problem: CapacityProblem) {
        self.problem = problem
        let sizes =
            problem.onDemand.map(\.gpusPerInstance) + problem.spot.map(\.gpusPerInstance)
            + (problem.reserved.map { [$0.gpusPerInstance] } ?? [])
        let unit = sizes.reduce(0) { Self.gcd($0, $1) }
        self.unit = unit
        onDemandUnits = problem.onDemand.map { $0.gpusPerInstance / unit }
        poolUnits = problem.spot.map { $0.gpusPerInstance / unit }
        if let s = problem.maxSpotShare, s < 1 { share = s } else { share = nil }
        let peak = problem.demand.map { (($0 + unit - 1) / unit) }.max() ?? 0
        extendCover(to: peak)
        if share != 0 && !problem.spot.isEmpty && (problem.spot.count >= 2 || !problem.survivesPoolLoss) {
            buildOptions(peak: peak)
        }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    func units(ofGPUs gpus: Int) -> Int { (gpus + unit - 1) / unit }

    /// Grows the on-demand cover table up to `x` units.
    mutating func extendCover(to x: Int) {
        guard x >= cover.count else { return }
        for need in cover.count...x {
            var bestCost = Double.infinity, bestIndex = -1
            for (index, size) in onDemandUnits.enumerated() {
                let c = problem.onDemand[index].hourlyPrice + cover[max(0, need - size)]
                if c < bestCost { (bestCost, bestIndex) = (c, index) }
            }
            cover.append(bestCost)
            coverChoice.append(bestIndex)
        }
    }

    /// Step 2: every non-dominated spot option.
    mutating func buildOptions(peak: Int) {
        let largest = poolUnits.max() ?? 1
        let maxEffective = peak + largest - 1
        var raw: [SpotOption] = []
        if problem.survivesPoolLoss {
            for bound in 1...(peak + 2 * largest) {
                let totals = Self.knapsack(
                    pools: poolUnits, prices: problem.spot.map(\.hourlyPrice), bound: bound,
                    maxUnits: bound + maxEffective
                ).cost
                for y in bound..<totals.count where totals[y].isFinite {
                    raw.append(SpotOption(units: y, effective: y - bound, cost: totals[y], largestPool: bound))
                }
            }
        } else {
            let maxUnits = maxEffective
            let totals = Self.knapsack(
                pools: poolUnits, prices: problem.spot.map(\.hourlyPrice), bound: maxUnits,
                maxUnits: maxUnits
            ).cost
            for y in 1..<totals.count where totals[y].isFinite {
                raw.append(SpotOption(units: y, effective: y, cost: totals[y], largestPool: maxUnits))
            }
        }
        // Keep, per effective capacity, the options not dominated in (fewer units, lower cost).
        raw.sort { ($0.effective, $0.units, $0.cost) < ($1.effective, $1.units, $1.cost) }
        var kept: [SpotOption] = []
        var index = 0
        while index < raw.count {
            let effective = raw[index].effective
            var cheapest = Double.infinity
            while index < raw.count && raw[index].effective == effective {
                if raw[index].cost < cheapest - 1e-12 {
                    cheapest = raw[index].cost
                    if effective > 0 { kept.append(raw[index]) }
                }
                index += 1
            }
        }
        options = kept
        if share == nil {
            // Without a share cap only cost and effective capacity matter.
            var from = [Int?](repeating: nil, count: maxEffective + 2)
            for (i, option) in options.enumerated() {
                let e = min(option.effective, maxEffective + 1)
                if from[e].map({ options[$0].cost > option.cost }) ?? true { from[e] = i }
            }
            for e in stride(from: from.count - 2, through: 0, by: -1) {
                if let next = from[e + 1], from[e].map({ options[$0].cost > options[next].cost }) ?? true {
                    from[e] = next
                }
            }
            cheapestFrom = from
        }
    }

    /// A bounded knapsack over the pools: the cheapest mix of exactly `y` units for `y` in
    /// `0…maxUnits`, each pool at most `bound` units (binary splitting of the counts), with the
    /// items taken, to rebuild a mix.
    static func knapsack(pools: [Int], prices: [Double], bound: Int, maxUnits: Int, recordTaken: Bool = false)
        -> (cost: [Double], items: [(pool: Int, count: Int)], taken: [[Bool]])
    {
        var items: [(pool: Int, count: Int)] = []
        for (pool, size) in pools.enumerated() {
            var remaining = bound / size, chunk = 1
            while remaining > 0 {
                let take = min(chunk, remaining)
                items.append((pool, take))
                remaining -= take
                chunk *= 2
            }
        }
        var cost = [Double](repeating: .infinity, count: maxUnits + 1)
        cost[0] = 0
        var taken: [[Bool]] = []
        taken.reserveCapacity(items.count)
        for item in items {
            let weight = pools[item.pool] * item.count
            let price = prices[item.pool] * Double(item.count)
            var row = [Bool](repeating: false, count: recordTaken ? maxUnits + 1 : 0)
            if weight <= maxUnits {
                cost.withUnsafeMutableBufferPointer { c in
                    for y in stride(from: maxUnits, through: weight, by: -1) {
                        let candidate = c[y - weight] + price
                        if candidate < c[y] {
                            c[y] = candidate
                            if recordTaken { row[y] = true }
                        }
                    }
                }
            }
            taken.append(row)
        }
        return (cost, items, taken)
    }

    /// Step 3: the cheapest purchase of one hour, memoised.
    mutating func hour(need: Int, base: Int) -> HourChoice {
        let remaining = max(0, need - base)
        let key = share == nil ? remaining : need &* 1_000_003 &+ base
        if let known = memo[key] { return known }
        var best = HourChoice(cost: cover[remaining], option: nil, onDemandUnits: remaining)
        if let share {
            for (i, option) in options.enumerated() {
                let required = Int((Double(option.units) * (1 - share) / share - 1e-9).rounded(.up)) - base
                let x = max(0, remaining - option.effective, required)
                if x >= cover.count { extendCover(to: x) }
                let c = option.cost + cover[x]
                if c < best.cost - 1e-12 { best = HourChoice(cost: c, option: i, onDemandUnits: x) }
            }
        } else if !options.isEmpty {
            for e in 1...max(1, remaining) {
                guard e < cheapestFrom.count, let i = cheapestFrom[e] else { break }
                let x = max(0, remaining - e)
                let c = options[i].cost + cover[x]
                if c < best.cost - 1e-12 { best = HourChoice(cost: c, option: i, onDemandUnits: x) }
            }
        }
        memo[key] = best
        return best
    }

    /// Rebuilds the instance counts of a choice.
    func purchase(for choice: HourChoice) -> CapacitySolution.Hour {
        var onDemand = [Int](repeating: 0, count: problem.onDemand.count)
        var x = choice.onDemandUnits
        while x > 0 {
            let index = coverChoice[x]
            onDemand[index] += 1
            x = max(0, x - onDemandUnits[index])
        }
        var spot = [Int](repeating: 0, count: problem.spot.count)
        if let i = choice.option {
            let option = options[i]
            let table = Self.knapsack(
                pools: poolUnits, prices: problem.spot.map(\.hourlyPrice), bound: option.largestPool,
                maxUnits: option.units, recordTaken: true)
            var y = option.units
            for item in stride(from: table.items.count - 1, through: 0, by: -1) where table.taken[item][y] {
                spot[table.items[item].pool] += table.items[item].count
                y -= poolUnits[table.items[item].pool] * table.items[item].count
            }
        }
        return CapacitySolution.Hour(onDemand: onDemand, spot: spot)
    }
}
