import ArgumentParser

/// `--season 24,168` (comma separated or repeated), shared by `forecast` and `recommend`.
struct SeasonOptions: ParsableArguments {
    @Option(
        name: .customLong("season"),
        help: ArgumentHelp("Season lengths in hours, comma separated or repeated.", valueName: "24,168"))
    var text: [String] = ["24,168"]

    func validate() throws {
        for part in text.flatMap({ $0.split(separator: ",") }) {
            guard let season = Int(part.trimmingCharacters(in: .whitespaces)), season >= 1 else {
                throw ValidationError("--season '\(part)' is not a positive whole number of hours")
            }
        }
    }

    /// The season lengths, in the order given.
    var seasons: [Int] {
        text.flatMap { $0.split(separator: ",") }.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
