/// The forecast of one series: the model that made it, the point forecasts and the intervals.
public struct ModelForecast: Sendable, Equatable {
    /// The model's name, e.g. `Naive`, `SeasonalNaive(24)`, `ETS(A,Ad,A)`, `MSTL(24,168)+ETS(A,N,N)`,
    /// `Theta(DOTM)[24]`, or `Combination(…)` of several.
    public var model: String
    /// Point forecasts for hours 1...horizon after the last observation.
    public var mean: [Double]
    /// Intervals, one per requested level, in the order requested.
    public var intervals: [PredictionInterval]
    /// Where the intervals came from: ``IntervalSource/model`` (the model's own forecast
    /// distribution) or ``IntervalSource/crossValidation`` (its rolling-origin errors).
    public var intervalSource: IntervalSource

    /// A forecast with its intervals.
    public init(model: String, mean: [Double], intervals: [PredictionInterval], intervalSource: IntervalSource = .model)
    {
        self.model = model
        self.mean = mean
        self.intervals = intervals
        self.intervalSource = intervalSource
    }

    /// The number of forecast hours.
    public var horizon: Int { mean.count }
}
