/// One hourly series: an id, the hour index of its first value, and one value per hour.
///
/// Hours missing from the input are filled by linear interpolation between the neighbouring
/// observed hours (see ``filled(id:observations:)``) and listed in ``filledHours`` so the
/// caller can report them; a forecast is only as honest as the data under it.
public struct HourlySeries: Sendable, Equatable {
    /// The series id (the id column's value, or `"series"` for a single-series input).
    public var id: String
    /// Hour index (hours since the Unix epoch, or the input's own hour index) of `values[0]`.
    public var startHour: Int
    /// One value per hour, gaps already filled.
    public var values: [Double]
    /// The hours (absolute hour indices) that were missing in the input and were filled.
    public var filledHours: [Int]

    /// A series from values that are already complete.
    public init(id: String, startHour: Int = 0, values: [Double], filledHours: [Int] = []) {
        self.id = id
        self.startHour = startHour
        self.values = values
        self.filledHours = filledHours
    }

    /// Builds a complete hourly series from `(hour, value)` observations in any order, filling
    /// every missing hour between the first and the last by linear interpolation.
    ///
    /// - Precondition: hours are distinct (the CSV reader rejects duplicates with a line number).
    public static func filled(id: String, observations: [(hour: Int, value: Double)]) -> HourlySeries {
        guard !observations.isEmpty else { return HourlySeries(id: id, values: []) }
        let sorted = observations.sorted { $0.hour < $1.hour }
        let start = sorted[0].hour
        var values: [Double] = []
        values.reserveCapacity(sorted[sorted.count - 1].hour - start + 1)
        var filled: [Int] = []
        for (index, observation) in sorted.enumerated() {
            if index > 0 {
                let previous = sorted[index - 1]
                let gap = observation.hour - previous.hour
                if gap > 1 {
                    for step in 1..<gap {
                        let fraction = Double(step) / Double(gap)
                        values.append(previous.value + fraction * (observation.value - previous.value))
                        filled.append(previous.hour + step)
                    }
                }
            }
            values.append(observation.value)
        }
        return HourlySeries(id: id, startHour: start, values: values, filledHours: filled)
    }
}
