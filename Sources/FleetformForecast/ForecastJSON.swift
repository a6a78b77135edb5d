import FleetformModel

/// The JSON form of a panel's forecasts, the contract of `fleetform forecast --format json`:
/// `{"series":[{"id":…,"model":"ETS(A,Ad,A)","interval_source":"model","horizon":H,"mean":[…],
/// "intervals":[{"level":90,"lo":[…],"hi":[…]}]}]}`, keys in that order, numbers in their
/// shortest round-trip form (whole numbers without a fraction). `interval_source` is `model`
/// (the model's own forecast distribution) or `cross-validation` (conformal, from its
/// rolling-origin errors).
public enum ForecastJSON {
    /// One line of JSON (with a trailing newline) for `forecasts`, paired with their series ids.
    public static func encode(_ forecasts: [(id: String, forecast: ModelForecast)]) -> String {
        func numbers(_ values: [Double]) -> JSONText { .array(values.map { .number(number($0)) }) }
        let items = forecasts.map { item -> JSONText in
            let intervals = item.forecast.intervals.map { interval -> JSONText in
                .object([
                    ("level", .number(number(interval.level))), ("lo", numbers(interval.lo)),
                    ("hi", numbers(interval.hi)),
                ])
            }
            return .object([
                ("id", .string(item.id)), ("model", .string(item.forecast.model)),
                ("interval_source", .string(item.forecast.intervalSource.rawValue)),
                ("horizon", .number(String(item.forecast.horizon))), ("mean", numbers(item.forecast.mean)),
                ("intervals", .array(intervals)),
            ])
        }
        return JSONText.object([("series", .array(items))]).compact() + "\n"
    }

    /// Shortest round-trip decimal; whole numbers without a fraction (`90`, not `90.0`);
    /// `null` for a non-finite value (the forecaster produces none).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

}
