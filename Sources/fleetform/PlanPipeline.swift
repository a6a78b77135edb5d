import ArgumentParser
import FleetformAWS
import FleetformCost
import FleetformDSL
import FleetformEngine
import FleetformS3State
import Foundation

/// Manifest + state (+ refresh) → plan, shared by `plan`, `apply`, `destroy` and `cost`.
enum PlanPipeline {
    struct Prepared {
        var stack: Stack?
        var manifest: Manifest
        var workspace: Workspace
        /// The state as stored (nil when the environment has none yet).
        var priorState: State?
        /// The state the plan was made against (refreshed when asked).
        var state: State
        var plan: FleetformModel.Plan
        var provider: AWSProvider?
        /// The cost of `state`, priced while the plan was made (when a catalog was given).
        var priorCost: Task<CostReport, any Error>? = nil

        func shutdown() {
            if let provider { Self.shutdownProvider(provider) }
        }
    }

    /// The manifest from `--manifest` or the compiled stack.
    static func manifest(global: GlobalOptions, flags: PlanFlags) throws -> (Stack?, Manifest) {
        if let file = flags.manifest {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw CLIError("cannot read the manifest file \(file); check the path")
            }
            let manifest = try ManifestFile.decode(Array(bytes), file: file)
            try StackLoader.report(AWSResourceCatalog.coverage.diagnostics(for: manifest))
            return (allStacksByName[manifest.stack], manifest)
        }
        let (stack, manifest) = try StackLoader.synthesize(global)
        return (stack, manifest)
    }

    /// The workspace (backend, journal) of a stack environment.
    static func workspace(stack: Stack?, stackName: String, environment: String, stateOptions: StateOptions) throws -> Workspace {
        workspace(backend: try stateOptions.backend(for: stack), stackName: stackName, environment: environment, stateOptions: stateOptions)
    }

    /// The workspace of an environment whose backend is already known.
    static func workspace(backend: any StateBackend, stackName: String, environment: String, stateOptions: StateOptions) -> Workspace {
        // The journal is a local file whatever the backend, keyed by where the state lives.
        let journal: String
        if let s3 = backend as? S3StateBackend {
            journal = ".fleetform/journal/s3/\(s3.bucket)/" + s3.stateKey(environment: environment).dropLast(".json".count) + ".jsonl"
        } else {
            journal = stateOptions.localStatePath.map { $0 + ".journal" }
                ?? Workspace.defaultJournalPath(stack: stackName, environment: environment)
        }
        return Workspace(backend: backend, stack: stackName, environment: environment, journalPath: journal)
    }

    /// Plans the stack. With `cloud`, resources in state are refreshed first (a provider is made
    /// only when there is something to read, so planning a new environment stays offline).
    static func prepare(
        global: GlobalOptions, stateOptions: StateOptions, flags: PlanFlags, cloud: CloudOptions?,
        expiresAt: String? = nil, provider existing: AWSProvider? = nil, loaded: (state: State, existed: Bool)? = nil,
        pricing catalog: Task<PriceCatalog, any Error>? = nil
    ) async throws -> Prepared {
        // On big stacks reading the state and synthesizing each take a while: read it meanwhile.
        var earlyWorkspace: Workspace?
        var stateRead: Task<State?, any Error>?
        if loaded == nil, flags.manifest == nil, let name = global.stack, let known = allStacksByName[name] {
            let early = try workspace(stack: known, stackName: name, environment: global.env, stateOptions: stateOptions)
            earlyWorkspace = early
            stateRead = Task { try await early.backend.read(stack: name, environment: global.env) }
        }
        let (stack, synthesized) = try manifest(global: global, flags: flags)
        let workspace = try earlyWorkspace
            ?? workspace(stack: stack, stackName: synthesized.stack, environment: synthesized.environment, stateOptions: stateOptions)
        let read = loaded == nil
            ? stateRead ?? Task { try await workspace.backend.read(stack: synthesized.stack, environment: synthesized.environment) }
            : nil
        // Work out the manifest's dependency order while the state is still loading.
        let dependencies = ManifestDependencies(synthesized)
        var provider = existing
        let loadedState: (state: State, existed: Bool)
        if let loaded {
            loadedState = loaded
        } else {
            let stored = try await read!.value
            loadedState = (stored ?? State(lineage: "", stack: synthesized.stack, environment: synthesized.environment), stored != nil)
        }
        var state = loadedState.state
        var drift: [DriftedAttribute] = []
        if let cloud, !state.resources.isEmpty {
            if provider == nil {
                do {
                    provider = try cloud.provider(region: synthesized.region)
                } catch {
                    throw CLIError("\(error); to plan from the recorded state without reading the cloud, pass --refresh=false")
                }
            }
            (state, drift) = try await workspace.refresh(state, provider: provider!)
        }
        let manifest = ExpiryTags.applying(expiresAt ?? state.metadata.expiresAt, to: synthesized)
        var options = flags.options
        options.drift = drift
        // What the state costs now is the plan's before side: price it on another thread meanwhile.
        let priorCost = catalog.map { catalog in
            Task.detached { [state, manifest] in
                CostEstimator(catalog: try await catalog.value).estimatePrior(state, declared: manifest)
            }
        }
        do {
            let plan = try Planner().plan(
                manifest: manifest, state: state, schemas: ResourceSchemas.table, options: options,
                dependencies: dependencies)
            return Prepared(
                stack: stack, manifest: manifest, workspace: workspace, priorState: loadedState.existed ? loadedState.state : nil,
                state: state, plan: plan, provider: provider, priorCost: priorCost)
        } catch let error as DiagnosticsError {
            try StackLoader.report(error.diagnostics)
            throw ExitCode(1)
        }
    }

    /// Writes a saved plan, bound to the prior state, readable only by its owner.
    static func save(_ plan: FleetformModel.Plan, priorState: State?, to path: String) throws {
        try PlanFile.write(SavedPlan(plan: plan, priorState: priorState), to: path)
    }
}
