import FleetformDSL
import FleetformEngine
import FleetformS3State

/// Where the state of an environment lives: the stack's declared backend unless `--state`
/// names a local file or an S3 prefix (`s3://BUCKET/PREFIX`, states at `PREFIX/<env>.json`).
public struct StateSelection: Sendable {
    /// `--state`: a local file or `s3://BUCKET/PREFIX`.
    public var path: String?
    /// `--state-region`: the region of the `--state` bucket.
    public var region: String?

    /// A selection overriding the stack's backend with `path` (nil: the stack's own).
    public init(path: String? = nil, region: String? = nil) {
        self.path = path
        self.region = region
    }

    /// The local state file `--state` names (nil for none, or for an S3 location).
    public var localPath: String? {
        path.flatMap { $0.hasPrefix("s3://") ? nil : $0 }
    }

    /// The backend for `stack` (nil stack: a manifest file or state without a compiled stack).
    public func backend(for stack: Stack?, in project: Project, warn: @escaping @Sendable (String) -> Void) throws
        -> any StateBackend
    {
        if let path, let address = S3StateAddress(url: path) {
            return try project.s3Clients.backend(address, region: region, stackRegion: stack?.region.code, warn: warn)
        }
        if let path { return LocalStateBackend(statePath: path, clock: project.clock, warn: warn) }
        switch stack?.backend ?? .local() {
        case .local(let path):
            if let path { return LocalStateBackend(statePath: project.path(path), clock: project.clock, warn: warn) }
            return LocalStateBackend(root: project.path(".fleetform/state"), clock: project.clock, warn: warn)
        case .s3(let bucket, let key, let region):
            return try project.s3Clients.backend(
                S3StateAddress(bucket: bucket, prefix: key), region: region.code, stackRegion: nil, warn: warn)
        }
    }

    /// The workspace (backend, journal) of `stack`'s `environment`.
    public func workspace(
        stack: Stack?, stackName: String, environment: String, in project: Project,
        warn: @escaping @Sendable (String) -> Void
    ) throws -> Workspace {
        workspace(
            backend: try backend(for: stack, in: project, warn: warn), stackName: stackName, environment: environment,
            in: project)
    }

    /// The workspace of an environment whose backend is already known. The journal is a local
    /// file whatever the backend, keyed by where the state lives.
    public func workspace(backend: any StateBackend, stackName: String, environment: String, in project: Project)
        -> Workspace
    {
        let journal: String
        if let s3 = backend as? S3StateBackend {
            journal = project.path(
                ".fleetform/journal/s3/\(s3.bucket)/" + s3.stateKey(environment: environment).dropLast(".json".count)
                    + ".jsonl")
        } else {
            journal =
                localPath.map { $0 + ".journal" }
                ?? project.path(Workspace.defaultJournalPath(stack: stackName, environment: environment))
        }
        return Workspace(
            backend: backend, stack: stackName, environment: environment, journalPath: journal, clock: project.clock)
    }
}
