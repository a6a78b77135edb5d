/// A central prediction interval at one coverage level, one bound per forecast hour.
public struct PredictionInterval: Sendable, Equatable {
    /// Nominal coverage in percent, e.g. 90.
    public var level: Double
    /// Lower bounds, one per horizon step.
    public var lo: [Double]
    /// Upper bounds, one per horizon step.
    public var hi: [Double]

    /// An interval at `level` percent.
    public init(level: Double, lo: [Double], hi: [Double]) {
        self.level = level
        self.lo = lo
        self.hi = hi
    }
}
