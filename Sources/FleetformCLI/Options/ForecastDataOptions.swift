import ArgumentParser
import FleetformForecast
import FleetformOperations
import Foundation

/// Flags shared by `fleetform forecast` and `fleetform forecast backtest`: the input file, its
/// columns, the seasons and the interval levels.
struct ForecastDataOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "CSV file with a header row: a time column, a value column, optionally a series id column.",
            valueName: "FILE.csv"))
    var input: String

    @Option(
        help:
            "The time column: RFC 3339, epoch seconds or an integer hour index (default: hour, time, timestamp or ds).")
    var timeColumn: String?

    @Option(help: "The value column (default: value, y, gpus or demand).")
    var valueColumn: String?

    @Option(help: "The series id column of a long-format panel (default: series_id, id or unique_id if present).")
    var idColumn: String?

    @OptionGroup var season: SeasonOptions

    @Option(
        name: .customLong("level"),
        help: ArgumentHelp("Prediction interval level in percent (repeatable).", valueName: "PERCENT"))
    var levels: [Double] = [80, 95]

    @Option(
        help: ArgumentHelp(
            "Where intervals come from: auto (whichever of the two covered the rolling-origin folds better), model (its own forecast distribution where it has one) or cross-validation (the errors it made from rolling origins on the history).",
            valueName: "SOURCE"))
    var intervals: IntervalSource = .automatic

    @OptionGroup var project: ProjectOptions

    /// The parsed `--season` values.
    var seasons: [Int] { season.seasons }

    func validate() throws {
        for level in levels where !(level > 0 && level < 100) {
            throw ValidationError("--level \(level) must lie strictly between 0 and 100")
        }
    }

    /// Reads and parses the input file; failures name the file (and line and column).
    func readSeries() throws -> [HourlySeries] {
        try Self.readSeries(
            file: input, flag: "--input", timeColumn: timeColumn, valueColumn: valueColumn, idColumn: idColumn,
            command: "fleetform forecast")
    }

    /// Reads and parses a demand CSV file (shared by `forecast` and `recommend`); failures name
    /// the file (and line and column), or `flag` when the file cannot be read.
    static func readSeries(
        file: String, flag: String, timeColumn: String?, valueColumn: String?, idColumn: String?, command: String
    ) throws -> [HourlySeries] {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw OperationError("\(file): cannot read the file (\(Self.reason(error))); check \(flag)")
        }
        let series: [HourlySeries]
        do {
            series = try SeriesCSVReader(timeColumn: timeColumn, valueColumn: valueColumn, idColumn: idColumn).read(
                text)
        } catch {
            throw OperationError("\(file):\(error.line.map { "\($0):" } ?? "") \(Self.message(error))")
        }
        for item in series where !item.filledHours.isEmpty {
            let shown = item.filledHours.prefix(5).map(String.init).joined(separator: ", ")
            let more = item.filledHours.count > 5 ? ", …" : ""
            FileHandle.standardError.write(
                "\(command): series '\(item.id)': filled \(item.filledHours.count) missing hour(s) by interpolation (\(shown)\(more))\n"
            )
        }
        return series
    }

    static func message(_ error: ForecastError) -> String {
        error.column.map { "column '\($0)': \(error.message)" } ?? error.message
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        return nsError.localizedDescription
    }
}

extension FileHandle {
    func write(_ text: String) { write(Data(text.utf8)) }
}
