/// Retries a delete the cloud refuses only because something still uses the resource and will
/// stop using it soon: a VPC while its instances terminate (`DependencyViolation`), a security
/// group still attached (`InvalidGroup.InUse`), a group mid-scaling (`ScalingActivityInProgress`).
/// Backs off exponentially up to `maxDelay`, for at most `maxTotalWait` in all; then the last
/// error is reported with how long it waited. The sleep is injected.
public struct DependencyRetry: Sendable {
    /// The first wait.
    public var initialDelay: Duration
    /// The longest single wait.
    public var maxDelay: Duration
    /// The most time spent waiting for one delete.
    public var maxTotalWait: Duration
    /// Sleeps; tests pass one that returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// A policy; the default waits 2 s, 4 s, 8 s … up to 30 s apart, 10 minutes in all.
    public init(
        initialDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(30), maxTotalWait: Duration = .seconds(600),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxTotalWait = maxTotalWait
        self.sleep = sleep
    }

    /// The default policy.
    public static let `default` = DependencyRetry()

    /// Error codes that mean "in use by something that is going away".
    public static let dependencyCodes: Set<String> = [
        "DependencyViolation", "InvalidGroup.InUse", "ResourceInUse", "ResourceInUseException",
        "ScalingActivityInProgress", "ResourceContention", "DeleteConflict",
    ]

    /// Runs `delete`, retrying dependency errors within the bounds.
    func run(_ what: String, _ delete: () async throws -> Void) async throws {
        var delay = initialDelay
        var waited = Duration.zero
        while true {
            do {
                return try await delete()
            } catch let error as AWSError where Self.dependencyCodes.contains(error.code) {
                guard waited + delay <= maxTotalWait else {
                    var final = error
                    final.message +=
                        waited > .zero
                        ? " (still in use after waiting \(waited.components.seconds)s for \(what) to be freed; delete what uses it, then run again)"
                        : " (delete what uses \(what), then run again)"
                    throw final
                }
                try await sleep(delay)
                waited += delay
                delay = min(delay * 2, maxDelay)
            }
        }
    }
}
