import FleetformAWS
import FleetformDSL
import FleetformEngine
import Foundation

/// Everything an operation needs to know about where it runs: the stacks, the stack package's
/// root directory (where `.fleetform/` lives and relative files resolve), the clock, and the
/// AWS configuration source.
///
/// ```swift
/// let project = Project(stacks: StackCatalog([training]), root: "/src/infra")
/// let prepared = try await PlanPipeline(project: project).prepare(…)
/// ```
public struct Project: Sendable {
    /// The stacks this executable was built with.
    public var stacks: StackCatalog
    /// The stack package's root directory (absolute).
    public var root: String
    /// The working directory paths are shown relative to (absolute).
    public var workingDirectory: String
    /// The clock for expiries, timestamps and ages.
    public var clock: any WallClock
    /// Where AWS credentials, regions and endpoints are read from.
    public var aws: AWSEnvironment
    /// The shared AWS client of every S3 state backend this project opens.
    let s3Clients: S3StateClients

    /// A project over `stacks` rooted at `root`; paths are shown relative to `workingDirectory`
    /// (default: the root).
    public init(
        stacks: StackCatalog, root: String, workingDirectory: String? = nil, clock: any WallClock = SystemWallClock(),
        aws: AWSEnvironment = .process
    ) {
        self.stacks = stacks
        self.root = root
        self.workingDirectory = workingDirectory ?? root
        self.clock = clock
        self.aws = aws
        self.s3Clients = S3StateClients(environment: aws)
    }

    /// The stack package's root for a run started in `directory`: the nearest directory at or
    /// above it holding a `Package.swift`, else `directory` itself.
    public static func findRoot(
        from directory: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    )
        -> String
    {
        var candidate = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            if fileExists(candidate.appendingPathComponent("Package.swift").path) { return candidate.path }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return URL(fileURLWithPath: directory).standardizedFileURL.path }
            candidate = parent
        }
    }

    /// `relative` resolved against the root, written relative to the working directory when
    /// the two are the same (so messages keep the short `.fleetform/state/…` form).
    public func path(_ relative: String) -> String {
        if relative.hasPrefix("/") || root == workingDirectory { return relative }
        return root + "/" + relative
    }

    /// The AWS API calls the S3 state backends made (nil when none was used).
    public var stateBackendMetrics: String? { s3Clients.metricsSummary }
}
