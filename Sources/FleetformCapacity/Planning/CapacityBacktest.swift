import FleetformForecast

/// Plans from a forecast made at a cut and scores the plan, and baselines computed in the same
/// run, on what actually happened in the held-out hours.
///
/// Baselines: static peak on-demand (the history's peak, held every hour), reactive (last
/// hour's actual demand, on-demand), and the hindsight oracle (the exact optimum for the actual
/// demand under the same constraints). Coverage is scored two ways: expected (each spot pool
/// is lost in the hour with its hourly reclaim probability, independently; an hour with two or
/// more losses counts as missed) — the SLO's own definition — and worst case (demand fits in the
/// capacity left after the largest spot pool is lost, every hour).
public struct CapacityBacktest: Sendable {
    /// The score of one strategy over the held-out hours.
    public struct Score: Sendable, Equatable {
        /// `plan`, `static_peak_on_demand`, `reactive_on_demand` or `hindsight_oracle`.
        public var strategy: String
        /// USD over the held-out hours.
        public var cost: Double
        /// Expected hours whose demand was covered, spot pools lost at their reclaim probabilities.
        public var coveredHours: Double
        /// Hours covered even after the largest spot pool is lost.
        public var coveredAfterWorstLoss: Int
        /// Held-out hours.
        public var hours: Int
        /// Expected GPU-hours of demand left uncovered (same reclaim model).
        public var unmetGPUHours: Double
    }

    /// The result for one series.
    public struct Result: Sendable, Equatable {
        /// The series id.
        public var series: String
        /// The plan made at the cut.
        public var plan: CapacityPlan
        /// Plan first, then static peak, reactive and oracle.
        public var scores: [Score]

        /// The score of `strategy`.
        public func score(_ strategy: String) -> Score? { scores.first { $0.strategy == strategy } }
    }

    /// The planner (market and assumptions).
    public var planner: CapacityPlanner
    /// Held-out hours.
    public var holdout: Int
    /// The forecaster used at the cut (its levels are replaced by the plan's quantile).
    public var forecaster: Forecaster
    /// Where the plan's demand quantile comes from.
    public var quantileSource: QuantileSource

    /// A backtest holding out `holdout` hours.
    public init(
        planner: CapacityPlanner, holdout: Int, forecaster: Forecaster = Forecaster(),
        quantileSource: QuantileSource = .conformal
    ) {
        self.planner = planner
        self.holdout = holdout
        self.forecaster = forecaster
        self.quantileSource = quantileSource
    }

    /// Runs the backtest on one series.
    public func run(_ series: HourlySeries) throws(CapacityError) -> Result {
        let values = series.values
        guard holdout >= 1, values.count >= holdout + 24 else {
            throw .notEnoughHistory(series: series.id, hours: values.count, needed: holdout + 24)
        }
        let cut = values.count - holdout
        let history = Array(values[..<cut])
        let actual = Array(values[cut...])
        let demand = quantileSource.forecast(
            history: history, horizon: holdout, quantileLevel: planner.risk.demandQuantile, forecaster: forecaster)
        let plan = try planner.plan(demand)
        let problem = plan.problem
        let actualGPUs = actual.map { Int(max(0, $0 - 1e-9).rounded(.up)) }

        let cheapest = planner.market.cheapestPerGPU.instanceType
        // The problem's on-demand choices are the market's, so its cheapest type is among them.
        let baselineIndex = problem.onDemand.firstIndex { $0.instanceType == cheapest } ?? 0
        let g = problem.onDemand[baselineIndex].gpusPerInstance
        func onDemandOnly(_ instances: [Int]) -> CapacitySolution {
            let hours = instances.map { count in
                var onDemand = [Int](repeating: 0, count: problem.onDemand.count)
                onDemand[baselineIndex] = count
                return CapacitySolution.Hour(onDemand: onDemand, spot: [Int](repeating: 0, count: problem.spot.count))
            }
            let solution = CapacitySolution(reservedCount: 0, hours: hours, cost: 0)
            return CapacitySolution(reservedCount: 0, hours: hours, cost: problem.cost(of: solution))
        }
        let peak = Int(max(0, (history.max() ?? 0) - 1e-9).rounded(.up))
        let staticPeak = onDemandOnly(Array(repeating: (peak + g - 1) / g, count: holdout))
        let previous = [history.last ?? 0] + actual.dropLast()
        let reactive = onDemandOnly(previous.map { (Int(max(0, $0 - 1e-9).rounded(.up)) + g - 1) / g })
        var oracleProblem = problem
        oracleProblem.demand = actualGPUs
        let oracle = try CapacitySolver().solve(oracleProblem)

        let scores = [
            score("plan", plan.solution, problem, actual),
            score("static_peak_on_demand", staticPeak, problem, actual),
            score("reactive_on_demand", reactive, problem, actual),
            score("hindsight_oracle", oracle, problem, actual),
        ]
        return Result(series: series.id, plan: plan, scores: scores)
    }

    func score(_ name: String, _ solution: CapacitySolution, _ problem: CapacityProblem, _ actual: [Double]) -> Score {
        let reclaim = planner.risk.hourlyReclaim
        let none = reclaim.reduce(1) { $0 * (1 - $1) }
        var covered = 0.0, worstCase = 0
        var unmet = 0.0
        for (hour, demand) in zip(solution.hours, actual) {
            let g = problem.gpus(of: hour, reservedCount: solution.reservedCount)
            let total = Double(g.total)
            if demand <= Double(g.afterPoolLoss) + 1e-9 { worstCase += 1 }
            // No loss, exactly one pool lost, or two or more (counted as the whole spot share lost).
            var outcomes: [(probability: Double, available: Double)] = [(none, total)]
            for (i, pool) in problem.spot.enumerated() where i < reclaim.count {
                let p = reclaim[i] * none / (1 - reclaim[i])
                outcomes.append((p, total - Double(pool.gpusPerInstance * hour.spot[i])))
            }
            outcomes.append((max(0, 1 - outcomes.reduce(0) { $0 + $1.probability }), total - Double(g.spot)))
            for outcome in outcomes {
                if demand <= outcome.available + 1e-9 {
                    covered += outcome.probability
                } else {
                    unmet += outcome.probability * (demand - outcome.available)
                }
            }
        }
        return Score(
            strategy: name, cost: solution.cost, coveredHours: covered, coveredAfterWorstLoss: worstCase,
            hours: actual.count, unmetGPUHours: unmet)
    }
}
