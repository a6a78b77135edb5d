import Foundation

/// Parses RFC 3339 timestamps (`2025-03-01T14:00:00Z`, `2025-03-01 14:00:00+02:00`,
/// fractional seconds allowed, dropped) into Unix epoch seconds: the one timestamp parser, for
/// demand files, state metadata and the times AWS returns.
///
/// Days from the civil date use Howard Hinnant's `days_from_civil` algorithm
/// (<https://howardhinnant.github.io/date_algorithms.html>). A timestamp without an offset is
/// read as UTC.
public enum RFC3339 {
    /// The Unix epoch seconds `text` names, or nil when it is not an RFC 3339 date or timestamp.
    public static func epochSeconds(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        var index = 10
        if index < bytes.count {
            guard
                bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t")
                    || bytes[index] == UInt8(ascii: " "),
                let h = number(index + 1, 2), bytes.count > index + 3, bytes[index + 3] == UInt8(ascii: ":"),
                let m = number(index + 4, 2)
            else { return nil }
            hour = h
            minute = m
            index += 6
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                guard let s = number(index + 1, 2) else { return nil }
                second = s
                index += 3
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
                }
            }
            if index < bytes.count {
                let sign = bytes[index]
                if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                    index += 1
                } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    guard let oh = number(index + 1, 2), bytes.count >= index + 6,
                        bytes[index + 3] == UInt8(ascii: ":"),
                        let om = number(index + 4, 2)
                    else { return nil }
                    offset = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
                    index += 6
                } else {
                    return nil
                }
            }
            guard index == bytes.count, hour < 24, minute < 60, second < 61 else { return nil }
        }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second - offset
    }
}

extension Date {
    /// RFC 3339 in UTC to the second: `2026-11-21T12:03:00Z`.
    public var rfc3339: String { formatted(.iso8601) }

    /// Parses an RFC 3339 timestamp (see ``RFC3339``); nil when `text` is not one.
    public init?(rfc3339 text: String) {
        guard let seconds = RFC3339.epochSeconds(text) else { return nil }
        self = Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
