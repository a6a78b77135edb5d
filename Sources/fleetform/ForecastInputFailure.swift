/// A bad input file or value for `fleetform forecast`: printed as `Error: <message>` with exit
/// code 1 (the message names the file, line and column, or the flag to fix).
struct ForecastInputFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
