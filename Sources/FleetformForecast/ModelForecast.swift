/// The forecast of one series: the model that made it, the point forecasts and the intervals.
public struct ModelForecast: Sendable, Equatable {
    /// The model's name, e.g. `Naive`, `SeasonalNaive(24)`, `ETS(A,Ad,A)`, `MSTL(24,168)+ETS(A,N,N)`.
    public var model: String
    /// Point forecasts for hours 1...horizon after the last observation.
    public var mean: [Double]
    /// Intervals, one per requested level, in the order requested.
    public var intervals: [PredictionInterval]

    /// A forecast with its intervals.
    public init(model: String, mean: [Double], intervals: [PredictionInterval]) {
        self.model = model
        self.mean = mean
        self.intervals = intervals
    }

    /// The number of forecast hours.
    public var horizon: Int { mean.count }
}
