import FleetformModel
import Testing

@testable import FleetformForecast

@Suite struct ForecastJSONTests {
    @Test func encodesTheContractShapeInKeyOrder() {
        let forecast = ModelForecast(
            model: "ETS(A,Ad,A)", mean: [3, 2.5],
            intervals: [PredictionInterval(level: 90, lo: [1, 0], hi: [5, 6.25])], intervalSource: .crossValidation)
        #expect(
            ForecastJSON.encode([(id: "app \"7\"", forecast: forecast)])
                == #"{"series":[{"id":"app \"7\"","model":"ETS(A,Ad,A)","interval_source":"cross-validation","horizon":2,"mean":[3,2.5],"intervals":[{"level":90,"lo":[1,0],"hi":[5,6.25]}]}]}"#
                + "\n")
    }

    @Test func numbersRoundTripAndControlCharactersAreEscaped() {
        #expect(ForecastJSON.number(97.5) == "97.5")
        #expect(ForecastJSON.number(0.1 + 0.2) == "0.30000000000000004")
        #expect(ForecastJSON.number(-4) == "-4")
        #expect(JSONLiteral.quote("a\tb\u{1}") == #""a\tb\u0001""#)
    }
}
