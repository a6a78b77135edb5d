import ArgumentParser
import FleetformForecast
import Foundation

/// How `fleetform forecast` prints its result.
///
/// JSON is the contract written by ``ForecastJSON``; CSV is long format (one row per series
/// and step); the table is for people.
enum ForecastOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv, table

    func render(_ series: [(id: String, forecast: ModelForecast)]) -> String {
        switch self {
        case .json: return ForecastJSON.encode(series)
        case .csv: return Self.csv(series)
        case .table: return Self.table(series)
        }
    }

    static func csv(_ series: [(id: String, forecast: ModelForecast)]) -> String {
        let levels = series.first?.forecast.intervals.map(\.level) ?? []
        var lines = [
            (["id", "model", "step", "mean"] + levels.flatMap { ["lo_\(number($0))", "hi_\(number($0))"] }).joined(
                separator: ",")
        ]
        for item in series {
            for step in 0..<item.forecast.horizon {
                var fields = [
                    csvField(item.id), csvField(item.forecast.model), String(step + 1),
                    number(item.forecast.mean[step]),
                ]
                for interval in item.forecast.intervals {
                    fields += [number(interval.lo[step]), number(interval.hi[step])]
                }
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table(_ series: [(id: String, forecast: ModelForecast)]) -> String {
        var out = ""
        for item in series {
            out += "\(item.id): \(item.forecast.model), \(item.forecast.horizon) h\n"
            let header =
                ["STEP", "MEAN"]
                + item.forecast.intervals.flatMap { ["LO \(number($0.level))", "HI \(number($0.level))"] }
            var rows = [header]
            for step in 0..<item.forecast.horizon {
                rows.append(
                    [String(step + 1), fixed(item.forecast.mean[step])]
                        + item.forecast.intervals.flatMap { [fixed($0.lo[step]), fixed($0.hi[step])] })
            }
            out += alignedColumns(rows) + "\n"
        }
        return out
    }

    /// Right-aligned columns separated by two spaces.
    static func alignedColumns(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String { ForecastJSON.number(value) }

    static func fixed(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return number(scaled)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
