import FleetformModel

/// Reads hourly series from CSV text (RFC 4180: a header row, comma separated, optional
/// double-quoted fields).
///
/// The time column may hold RFC 3339 timestamps (`2025-03-01T14:00:00Z`), Unix epoch seconds,
/// or an integer hour index. Integers are taken as epoch seconds when any of them is at least
/// 10^8 (1973 in seconds, but eleven thousand years in hours), otherwise as hour indices.
/// With an id column the input is in long format: one row per series and hour.
///
/// ```swift
/// let series = try SeriesCSVReader(timeColumn: "hour", valueColumn: "gpus", idColumn: "series_id")
///     .read("series_id,hour,gpus\napp_0,0,373\napp_0,1,376\n")
/// ```
public struct SeriesCSVReader: Sendable {
    /// The time column's name; `nil` picks `hour`, `time`, `timestamp` or `ds`, whichever exists.
    public var timeColumn: String?
    /// The value column's name; `nil` picks `value`, `y`, `gpus` or `demand`, whichever exists.
    public var valueColumn: String?
    /// The series id column for long-format panels; `nil` means one series (unless `series_id`,
    /// `id` or `unique_id` exists).
    public var idColumn: String?

    /// A reader for the given column names (each `nil` means: pick the usual name).
    public init(timeColumn: String? = nil, valueColumn: String? = nil, idColumn: String? = nil) {
        self.timeColumn = timeColumn
        self.valueColumn = valueColumn
        self.idColumn = idColumn
    }

    static let timeNames = ["hour", "time", "timestamp", "ds"]
    static let valueNames = ["value", "y", "gpus", "demand"]
    static let idNames = ["series_id", "id", "unique_id"]
    static let epochSecondsThreshold = 100_000_000
    /// The longest series read, first to last hour: about 114 years.
    static let maximumSpanHours = 1_000_000

    /// Parses `text` into series in order of first appearance, gaps filled (see ``HourlySeries``).
    public func read(_ text: String) throws(ForecastError) -> [HourlySeries] {
        var records = Self.records(text)
        while let last = records.last, last.isBlank { records.removeLast() }
        guard let headerRecord = records.first, !headerRecord.isBlank else { throw .emptyInput() }
        let header = headerRecord.fields.map { $0.trimmingWhitespace() }

        let timeIndex = try Self.column(timeColumn, defaults: Self.timeNames, in: header, flag: "--time-column")
        let valueIndex = try Self.column(valueColumn, defaults: Self.valueNames, in: header, flag: "--value-column")
        let idIndex: Int?
        if let idColumn {
            idIndex = try Self.column(idColumn, defaults: [], in: header, flag: "--id-column")
        } else {
            idIndex = header.firstIndex { Self.idNames.contains($0) }
        }
        let timeName = header[timeIndex]
        let valueName = header[valueIndex]

        struct Row { var line: Int; var id: String; var time: String; var value: Double }
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for record in records.dropFirst() where !record.isBlank {
            let lineNumber = record.line
            let fields = record.fields
            guard fields.count == header.count else {
                throw .badRow(line: lineNumber, fields: fields.count, expected: header.count)
            }
            let valueText = fields[valueIndex].trimmingWhitespace()
            guard let value = Double(valueText), value.isFinite else {
                throw .badValue(line: lineNumber, column: valueName, text: valueText)
            }
            let id = idIndex.map { fields[$0].trimmingWhitespace() } ?? "series"
            rows.append(Row(line: lineNumber, id: id, time: fields[timeIndex].trimmingWhitespace(), value: value))
        }

        // Decide how integers in the time column are meant before converting any of them.
        var integerTimes = [Int?](repeating: nil, count: rows.count)
        var anyLarge = false
        for (index, row) in rows.enumerated() {
            if let integer = Int(row.time) {
                integerTimes[index] = integer
                // Not abs(): it traps on Int.min (found by scripts/fuzz, forecast-csv).
                if integer >= Self.epochSecondsThreshold || integer <= -Self.epochSecondsThreshold { anyLarge = true }
            }
        }

        var order: [String] = []
        var observations: [String: [(hour: Int, value: Double)]] = [:]
        var seen: [String: Set<Int>] = [:]
        var bounds: [String: (first: Int, last: Int)] = [:]
        for (index, row) in rows.enumerated() {
            let hour: Int
            if let integer = integerTimes[index] {
                hour = anyLarge ? Self.floorDivide(integer, 3600) : integer
            } else if let seconds = RFC3339.epochSeconds(row.time) {
                hour = Self.floorDivide(seconds, 3600)
            } else {
                throw .badTime(line: row.line, column: timeName, text: row.time)
            }
            if observations[row.id] == nil {
                order.append(row.id)
                observations[row.id] = []
            }
            guard seen[row.id, default: []].insert(hour).inserted else {
                throw .duplicateTime(line: row.line, column: timeName, hour: hour, series: row.id)
            }
            // Gaps are filled hour by hour, so a span of centuries would allocate without bound
            // (found by scripts/fuzz, forecast-csv): refuse it at the row that stretches it.
            let known = bounds[row.id] ?? (hour, hour)
            let widened = (min(known.first, hour), max(known.last, hour))
            let (span, overflow) = widened.1.subtractingReportingOverflow(widened.0)
            guard !overflow, span < Self.maximumSpanHours else {
                throw .spanTooLong(line: row.line, column: timeName, series: row.id, limit: Self.maximumSpanHours)
            }
            bounds[row.id] = widened
            observations[row.id, default: []].append((hour, row.value))
        }
        return order.map { HourlySeries.filled(id: $0, observations: observations[$0] ?? []) }
    }

    static func column(_ name: String?, defaults: [String], in header: [String], flag: String) throws(ForecastError)
        -> Int
    {
        if let name {
            guard let index = header.firstIndex(of: name) else {
                throw .unknownColumn(name, available: header, flag: flag)
            }
            return index
        }
        if let index = header.firstIndex(where: { defaults.contains($0) }) { return index }
        throw .unknownColumn(defaults.joined(separator: "|"), available: header, flag: flag)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
    }

    /// One CSV record: its fields and the line it starts on (1-based).
    struct Record {
        var line: Int
        var fields: [String]
        /// A line with nothing but whitespace.
        var isBlank: Bool { fields.count == 1 && fields[0].allSatisfy(\.isWhitespace) }
    }

    /// The records of `text` as RFC 4180 reads them: fields separated by commas, records by CR,
    /// LF or CRLF; a field in double quotes may hold commas, line breaks and `""` for a quote.
    static func records(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var line = 1
        var start = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            fields.append(current)
            records.append(Record(line: start, fields: fields))
            fields = []
            current = ""
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            // "\r\n" is one Character in Swift.
            if character.isNewline { line += 1 }
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                inQuotes = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else if character.isNewline {
                endRecord()
                start = line
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace }) ?? first
        return String(self[first...last])
    }
}
