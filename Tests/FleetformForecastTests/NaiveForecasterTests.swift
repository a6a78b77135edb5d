import Testing

@testable import FleetformForecast

@Suite struct NaiveForecasterTests {
    @Test func naiveRepeatsTheLastValueWithRootHorizonSpread() {
        let forecast = NaiveForecaster.naive([1, 3, 2, 4], horizon: 3)
        #expect(forecast.mean == [4, 4, 4])
        // Differences 2, −1, 2: RMS = √3.
        let sigma = 3.0.squareRoot()
        let sd = forecast.standardDeviation!
        #expect(abs(sd[0] - sigma) < 1e-12)
        #expect(abs(sd[2] - sigma * 3.0.squareRoot()) < 1e-12)
    }

    @Test func seasonalNaiveRepeatsTheLastSeason() {
        let values: [Double] = [1, 2, 3, 4, 5, 6, 7]
        let forecast = NaiveForecaster.seasonalNaive(values, horizon: 5, period: 3)
        #expect(forecast.mean == [5, 6, 7, 5, 6])
        #expect(forecast.model == "SeasonalNaive(3)")
        // Lag-3 differences are all 3, so σ = 3; steps 4–5 are in the second season.
        #expect(forecast.standardDeviation! == [3, 3, 3, 3 * 2.0.squareRoot(), 3 * 2.0.squareRoot()])
    }

    @Test func seasonalNaiveFallsBackToNaiveOnAShortSeries() {
        let forecast = NaiveForecaster.seasonalNaive([1, 2], horizon: 2, period: 24)
        #expect(forecast.model == "Naive")
        #expect(forecast.mean == [2, 2])
    }

    @Test func normalQuantilesMatchTables() {
        #expect(abs(NormalDistribution.quantile(0.95) - 1.6448536269514722) < 1e-9)
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-9)
        #expect(abs(NormalDistribution.quantile(0.001) + 3.090232306167813) < 1e-9)
    }
}
