import FleetformDSL

/// A versioned, encrypted bucket replicated to the stack's DR region, whose objects move to
/// Glacier Instant Retrieval after `coldAfterDays`.
///
/// ```swift
/// ReplicatedBucket("checkpoints", storedTerabytes: 40, coldAfterDays: 30)
/// ```
public struct ReplicatedBucket: Construct {
    let bucket: Bucket

    public init(
        _ name: String, storedTerabytes: Double, coldAfterDays: Int = 30, file: String = #filePath, line: Int = #line
    ) {
        bucket = Bucket(name, file: file, line: line)
            .versioned()
            .encrypted()
            .lifecycle(.transition(after: .days(coldAfterDays), to: .glacierInstantRetrieval))
            .usage(storedTerabytes: storedTerabytes)
            .replicated(to: .drRegion, file: file, line: line)
    }

    public func expand(in context: SynthesisContext) { bucket.expand(in: context) }
}
