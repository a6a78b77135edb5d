/// An error from the forecasting core: bad input text, a column that does not exist, a value
/// that does not parse, or a request that cannot be met.
///
/// Errors name the line (1-based, the header is line 1) and the column where they apply, so the
/// CLI can print `demand.csv:12: column 'gpus': cannot parse 'abc' as a number`.
public struct ForecastError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case emptyInput
        case unknownColumn
        case badRow
        case badValue
        case badTime
        case duplicateTime
        case spanTooLong
        case badRequest
    }

    let code: Code
    /// The 1-based line of the input the error is about, if any.
    public let line: Int?
    /// The column the error is about, if any.
    public let column: String?
    /// What went wrong and what to do about it.
    public let message: String

    /// `line N: column 'C': message`, without a file name (the library reads no files).
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let column { parts.append("column '\(column)'") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    static func emptyInput() -> ForecastError {
        ForecastError(
            code: .emptyInput, line: nil, column: nil,
            message: "the input is empty; expected a header row and data rows")
    }

    static func unknownColumn(_ name: String, available: [String], flag: String) -> ForecastError {
        ForecastError(
            code: .unknownColumn, line: 1, column: name,
            message:
                "no such column in the header (columns: \(available.joined(separator: ", "))); pass \(flag) with one of them"
        )
    }

    static func badRow(line: Int, fields: Int, expected: Int) -> ForecastError {
        ForecastError(code: .badRow, line: line, column: nil, message: "expected \(expected) fields, found \(fields)")
    }

    static func badValue(line: Int, column: String, text: String) -> ForecastError {
        ForecastError(code: .badValue, line: line, column: column, message: "cannot parse '\(text)' as a finite number")
    }

    static func badTime(line: Int, column: String, text: String) -> ForecastError {
        ForecastError(
            code: .badTime, line: line, column: column,
            message: "cannot parse '\(text)' as a time (expected RFC 3339, epoch seconds or an integer hour index)"
        )
    }

    static func duplicateTime(line: Int, column: String, hour: Int, series: String) -> ForecastError {
        ForecastError(
            code: .duplicateTime, line: line, column: column,
            message: "hour \(hour) of series '\(series)' appears twice; each series needs one value per hour"
        )
    }

    static func spanTooLong(line: Int, column: String, series: String, limit: Int) -> ForecastError {
        ForecastError(
            code: .spanTooLong, line: line, column: column,
            message: "series '\(series)' would span \(limit) hours or more from its first hour to this one; "
                + "check the time column's unit (epoch seconds, RFC 3339 or hour index) and its values"
        )
    }

    static func badRequest(_ message: String) -> ForecastError {
        ForecastError(code: .badRequest, line: nil, column: nil, message: message)
    }
}
