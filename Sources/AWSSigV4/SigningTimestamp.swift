import Foundation

/// The two renderings of the signing time SigV4 uses: `X-Amz-Date` (`20150830T123600Z`) and the
/// credential scope date (`20150830`). Computed arithmetically (UTC, no formatter, no locale).
public struct SigningTimestamp: Sendable, Hashable {
    /// `YYYYMMDD'T'HHMMSS'Z'`.
    public let amzDate: String
    /// `YYYYMMDD`.
    public let scopeDate: String

    /// The timestamp of `date`, truncated to whole seconds, in UTC.
    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let ymd = Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2)
        scopeDate = ymd
        amzDate =
            ymd + "T" + Self.pad(secondOfDay / 3600, 2) + Self.pad(secondOfDay / 60 % 60, 2)
            + Self.pad(secondOfDay % 60, 2) + "Z"
    }

    /// Howard Hinnant's days-to-civil conversion (proleptic Gregorian calendar).
    private static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
