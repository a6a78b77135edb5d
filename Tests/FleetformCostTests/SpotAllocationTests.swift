import Testing

@testable import FleetformCost

@Suite struct SpotAllocationTests {
    func pool(_ type: String, _ zone: String, _ hourly: Double, bucket: Int?, weight: Double = 1) -> SpotPoolCandidate {
        SpotPoolCandidate(
            instanceType: type, zone: zone, weight: weight, hourly: hourly, interruptionBucket: bucket,
            interruptionLabel: nil)
    }

    var candidates: [SpotPoolCandidate] {
        [
            pool("a", "z1", 3, bucket: 4), pool("a", "z2", 1, bucket: 4),
            pool("b", "z1", 4, bucket: 0), pool("b", "z2", 5, bucket: 0), pool("c", "z1", 8, bucket: 0, weight: 4),
        ]
    }

    @Test func lowestPriceTakesTheNCheapestPerUnit() {
        let chosen = SpotAllocation(strategy: .lowestPrice, poolLimit: 2).choosePools(from: candidates)
        #expect(chosen.map { "\($0.instanceType)/\($0.zone)" } == ["a/z2", "c/z1"])  // c is 2.0 per unit
    }

    @Test func priceCapacityOptimizedKeepsTheBestBucketCheapestFirst() {
        let chosen = SpotAllocation(strategy: .priceCapacityOptimized, poolLimit: 2).choosePools(from: candidates)
        #expect(chosen.map { "\($0.instanceType)/\($0.zone)" } == ["c/z1", "b/z1", "b/z2"])
    }

    @Test func capacityOptimizedIgnoresPrice() {
        let chosen = SpotAllocation(strategy: .capacityOptimized, poolLimit: 2).choosePools(from: candidates)
        #expect(chosen.map { "\($0.instanceType)/\($0.zone)" } == ["b/z1", "c/z1", "b/z2"])
    }

    @Test func placementIsRoundRobinByWeight() {
        let pools = [pool("a", "z1", 1, bucket: 0, weight: 4), pool("b", "z2", 1, bucket: 0)]
        let placed = SpotAllocation.place(units: 7, on: pools)
        // a (4) → b (1) → a (4): 9 units cover 7.
        #expect(placed.map(\.instances) == [2, 1])
        #expect(SpotAllocation.place(units: 0, on: pools).isEmpty)
    }

    @Test func parsesCamelCaseStrategies() {
        #expect(SpotAllocationStrategy(apiValue: "priceCapacityOptimized") == .priceCapacityOptimized)
        #expect(SpotAllocationStrategy(apiValue: "lowest-price") == .lowestPrice)
        #expect(SpotAllocationStrategy(apiValue: "cheapest") == nil)
    }
}
