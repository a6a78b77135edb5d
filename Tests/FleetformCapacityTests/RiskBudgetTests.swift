import Testing

@testable import FleetformCapacity

@Suite struct RiskBudgetTests {
    @Test func atLeastTwoMatchesEnumeration() {
        let p = [0.1, 0.2, 0.05, 0.3]
        var expected = 0.0
        for mask in 0..<(1 << p.count) where mask.nonzeroBitCount >= 2 {
            var probability = 1.0
            for (i, pi) in p.enumerated() { probability *= (mask >> i) & 1 == 1 ? pi : 1 - pi }
            expected += probability
        }
        #expect(abs(RiskBudget.atLeastTwo(p) - expected) < 1e-12)
    }

    @Test func theDemandQuantileLeavesRoomForDoubleReclaims() {
        // Six pools in the '>20%' bucket taken as 40% a month.
        let budget = RiskBudget(serviceLevel: 0.99, monthlyInterruption: Array(repeating: 0.4, count: 6))
        #expect(budget.droppedPools.isEmpty)
        #expect(budget.multipleReclaim > 0 && budget.multipleReclaim < 1e-4)
        #expect(abs((1 - budget.demandQuantile) + budget.multipleReclaim - 0.01) < 1e-12)
    }

    @Test func riskyPoolsAreDroppedUntilTheyFitHalfTheBudget() {
        // Hourly reclaim near 5% per pool: two at once is far above half of a 1% budget.
        let budget = RiskBudget(
            serviceLevel: 0.99, monthlyInterruption: [0.999_999, 0.999_999, 0.05, 0.05], hoursPerMonth: 1)
        #expect(budget.droppedPools == [0, 1])
        #expect(budget.multipleReclaim <= 0.005)
    }
}
