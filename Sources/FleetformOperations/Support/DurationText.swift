/// Durations written as `90s`, `5m`, `8h`, `2d` (or a plain number of seconds).
public enum DurationText {
    /// The duration `text` names, or nil when it is not one.
    public static func parse(_ text: String) -> Duration? {
        seconds(text).map { .seconds($0) }
    }

    /// The seconds `text` names, or nil when it is not a duration.
    public static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let last = text.last else { return nil }
        if let unit = units[last], let value = Double(text.dropLast()), value >= 0 { return value * unit }
        if let value = Double(text), value >= 0 { return value }
        return nil
    }
}
