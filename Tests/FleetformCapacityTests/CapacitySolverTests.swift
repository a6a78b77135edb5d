import FleetformTestSupport
import Testing

@testable import FleetformCapacity

/// The exact core against exhaustive enumeration on small problems, and its constraints.
@Suite struct CapacitySolverTests {
    static func randomProblem(_ rng: inout SplitMix64, share: Double?) -> CapacityProblem {
        let sizes = [4, 8]
        let onDemand = [
            CapacityProblem.Offer(
                instanceType: "big", gpusPerInstance: 8, hourlyPrice: Double.random(in: 60...100, using: &rng)),
            CapacityProblem.Offer(
                instanceType: "small", gpusPerInstance: 4, hourlyPrice: Double.random(in: 30...55, using: &rng)),
        ]
        let spot = (0..<3).map { i in
            CapacityProblem.SpotPool(
                instanceType: i == 2 ? "small" : "big", zone: "az\(i)", gpusPerInstance: i == 2 ? 4 : sizes[1],
                hourlyPrice: Double.random(in: (i == 2 ? 8 : 15)...(i == 2 ? 25 : 50), using: &rng))
        }
        let demand = (0..<3).map { _ in Int.random(in: 0...20, using: &rng) }
        return CapacityProblem(
            demand: demand, onDemand: onDemand,
            reserved: .init(instanceType: "big", gpusPerInstance: 8, hourlyPrice: onDemand[0].hourlyPrice * 0.6),
            spot: spot, maxSpotShare: share)
    }

    /// Exhaustive search: every reserved count and, per hour, every count vector up to 4 per option.
    static func bruteForce(_ problem: CapacityProblem) -> Double {
        var best = Double.infinity
        let peak = problem.demand.max() ?? 0
        for reserved in 0...((peak + 7) / 8) {
            var total = Double(reserved) * problem.reserved!.hourlyPrice * Double(problem.demand.count)
            for need in problem.demand {
                var hourBest = Double.infinity
                for a in 0...3 {
                    for b in 0...5 {
                        for s0 in 0...3 {
                            for s1 in 0...3 {
                                for s2 in 0...6 {
                                    let hour = CapacitySolution.Hour(onDemand: [a, b], spot: [s0, s1, s2])
                                    let g = problem.gpus(of: hour, reservedCount: reserved)
                                    guard g.afterPoolLoss >= need else { continue }
                                    if let s = problem.maxSpotShare, Double(g.spot) > s * Double(g.total) + 1e-9 {
                                        continue
                                    }
                                    hourBest = min(hourBest, problem.cost(of: hour))
                                }
                            }
                        }
                    }
                }
                total += hourBest
            }
            best = min(best, total)
        }
        return best
    }

    @Test(arguments: [nil, 0.5, 0.7] as [Double?])
    func matchesExhaustiveSearch(share: Double?) throws {
        var rng = SplitMix64(seed: share.map { UInt64($0 * 100) } ?? 7)
        for _ in 0..<12 {
            let problem = Self.randomProblem(&rng, share: share)
            let solution = try CapacitySolver().solve(problem)
            #expect(problem.isFeasible(solution))
            let expected = Self.bruteForce(problem)
            #expect(abs(solution.cost - expected) < 1e-6, "demand \(problem.demand): \(solution.cost) vs \(expected)")
        }
    }

    static let p5 = CapacityProblem.Offer(instanceType: "p5.48xlarge", gpusPerInstance: 8, hourlyPrice: 98.32)

    static func pools(_ prices: [Double]) -> [CapacityProblem.SpotPool] {
        prices.enumerated().map {
            CapacityProblem.SpotPool(
                instanceType: "p5.48xlarge", zone: "az\($0.offset)", gpusPerInstance: 8, hourlyPrice: $0.element)
        }
    }

    @Test func spreadsSpotSoTheLargestPoolsLossStillCoversDemand() throws {
        let problem = CapacityProblem(demand: [80], onDemand: [Self.p5], spot: Self.pools([20, 21, 22, 23]))
        let solution = try CapacitySolver().solve(problem)
        let hour = solution.hours[0]
        // 10 instances needed; N-1 over 4 pools: 14 spot instances (4+4+3+3 → 14 − 4 = 10) would beat
        // on-demand by far; the optimum uses all four pools and no on-demand.
        #expect(hour.onDemand == [0])
        #expect(problem.gpus(of: hour, reservedCount: 0).afterPoolLoss >= 80)
        #expect(hour.spot.reduce(0, +) == 14)
        #expect(hour.spot.max()! <= 4)
    }

    @Test func aSingleSpotPoolIsNeverCountedOn() throws {
        let problem = CapacityProblem(demand: [16, 8], onDemand: [Self.p5], spot: Self.pools([10]))
        let solution = try CapacitySolver().solve(problem)
        #expect(solution.hours.allSatisfy { $0.spot == [0] })
        #expect(abs(solution.cost - 3 * 98.32) < 1e-9)
    }

    @Test func theSpotShareCapHolds() throws {
        let problem = CapacityProblem(
            demand: [64, 128, 32], onDemand: [Self.p5],
            reserved: .init(instanceType: "p5.48xlarge", gpusPerInstance: 8, hourlyPrice: 59),
            spot: Self.pools([20, 21, 22]), maxSpotShare: 0.5)
        let solution = try CapacitySolver().solve(problem)
        #expect(problem.isFeasible(solution))
        for hour in solution.hours {
            let g = problem.gpus(of: hour, reservedCount: solution.reservedCount)
            #expect(Double(g.spot) <= 0.5 * Double(g.total))
        }
    }

    @Test func reservedCapacityCarriesAFlatBaseline() throws {
        // Without spot, a flat demand is cheapest on reserved capacity (59 < 98.32 per hour).
        let problem = CapacityProblem(
            demand: Array(repeating: 24, count: 10), onDemand: [Self.p5],
            reserved: .init(instanceType: "p5.48xlarge", gpusPerInstance: 8, hourlyPrice: 59))
        let solution = try CapacitySolver().solve(problem)
        #expect(solution.reservedCount == 3)
        #expect(abs(solution.cost - 3 * 59 * 10) < 1e-9)
    }

    @Test func malformedProblemsAreRejectedWithTheReason() {
        #expect(throws: CapacityError.invalidProblem("at least one on-demand offer is needed to guarantee coverage")) {
            try CapacitySolver().solve(CapacityProblem(demand: [8], onDemand: []))
        }
        #expect(throws: CapacityError.invalidProblem("demand at hour 1 is negative (-3)")) {
            try CapacitySolver().solve(CapacityProblem(demand: [8, -3], onDemand: [Self.p5]))
        }
    }
}
