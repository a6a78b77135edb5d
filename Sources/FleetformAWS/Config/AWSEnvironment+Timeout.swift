/// How long one HTTP send may take before it counts as lost (then retried like any transport
/// failure): `FLEETFORM_HTTP_TIMEOUT` in seconds (`2.5`, `2.5s`, `1m`), 60 s by default.
extension AWSEnvironment {
    /// The variable that sets the per-request timeout.
    public static let requestTimeoutVariable = "FLEETFORM_HTTP_TIMEOUT"

    /// The per-request timeout; throws a configuration error naming the variable when its value
    /// is not a positive duration.
    public func requestTimeout() throws -> Duration {
        guard let text = self[Self.requestTimeoutVariable] else { return .seconds(60) }
        let units: [Character: Double] = ["s": 1, "m": 60]
        let number = text.last.flatMap { units[$0] } != nil ? String(text.dropLast()) : text
        let unit = text.last.flatMap { units[$0] } ?? 1
        guard let value = Double(number), value > 0, value <= 3600 else {
            throw AWSError.configuration(
                "\(Self.requestTimeoutVariable)='\(text)' is not a timeout; write seconds like 30 or 2.5s (at most 1h)")
        }
        return .milliseconds(Int64((value * unit * 1000).rounded()))
    }
}
