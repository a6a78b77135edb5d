import FleetformAWS
import FleetformCost
import FleetformDSL
import FleetformEngine
import FleetformModel
import Foundation

/// Manifest + state (+ refresh) → plan, shared by `plan`, `apply`, `destroy`, `cost` and `graph`.
///
/// ```swift
/// let pipeline = PlanPipeline(project: project, output: output)
/// let prepared = try await pipeline.prepare(target, state: StateSelection(), settings: PlanSettings(), cloud: nil)
/// defer { await prepared.close() }
/// ```
public struct PlanPipeline: Sendable {
    /// A plan with everything it was made from.
    public struct Prepared: Sendable {
        /// The compiled stack (nil for a manifest file of a stack this build does not hold).
        public var stack: Stack?
        public var manifest: Manifest
        public var workspace: Workspace
        /// The state as stored (nil when the environment has none yet).
        public var priorState: State?
        /// The state the plan was made against (refreshed when asked).
        public var state: State
        public var plan: FleetformModel.Plan
        /// The provider the refresh used, when one was needed.
        public var provider: AWSProvider?
        /// The cost of `state`, priced while the plan was made (when a catalog was given).
        public var priorCost: Task<CostReport, any Error>?

        /// Closes the provider's HTTP client.
        public func close() async {
            await provider?.close()
        }
    }

    /// The project the stacks and files come from.
    public var project: Project
    /// Where warnings and diagnostics go.
    public var output: any OperationOutput

    /// A pipeline over `project`, reporting to `output`.
    public init(project: Project, output: any OperationOutput) {
        self.project = project
        self.output = output
    }

    /// The stack of `target`, synthesized: warnings go to the output; errors are thrown as a
    /// `DiagnosticsError` holding every diagnostic.
    public func synthesize(_ target: StackTarget) throws -> (Stack, Manifest) {
        let stack = try project.stacks.stack(named: target.stack)
        let synthesis = stack.synthesize(target.value(root: project.root), coverage: AWSResourceCatalog.coverage)
        if synthesis.hasErrors { throw DiagnosticsError(synthesis.diagnostics) }
        if !synthesis.diagnostics.isEmpty { output.diagnostics(synthesis.diagnostics) }
        return (stack, synthesis.manifest)
    }

    /// The manifest from `settings.manifestFile` or the compiled stack.
    public func manifest(_ target: StackTarget, settings: PlanSettings) throws -> (Stack?, Manifest) {
        if let file = settings.manifestFile {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw OperationError("cannot read the manifest file \(file); check the path")
            }
            let manifest = try ManifestFile.decode(Array(bytes), file: file)
            let unmanaged = AWSResourceCatalog.coverage.diagnostics(for: manifest)
            if unmanaged.hasErrors { throw DiagnosticsError(unmanaged) }
            return (project.stacks[manifest.stack], manifest)
        }
        let (stack, manifest) = try synthesize(target)
        return (stack, manifest)
    }

    /// The workspace (backend, journal) of a stack environment.
    public func workspace(stack: Stack?, stackName: String, environment: String, state: StateSelection) throws
        -> Workspace
    {
        try state.workspace(
            stack: stack, stackName: stackName, environment: environment, in: project, warn: output.warning)
    }

    /// Plans the stack. With `cloud`, resources in state are refreshed first (a provider is made
    /// only when there is something to read, so planning a new environment stays offline).
    public func prepare(
        _ target: StackTarget, state selection: StateSelection, settings: PlanSettings, cloud: CloudSettings?,
        expiresAt: String? = nil, provider existing: AWSProvider? = nil, loaded: (state: State, existed: Bool)? = nil,
        pricing catalog: Task<PriceCatalog, any Error>? = nil, resolveAccount: Bool = false
    ) async throws -> Prepared {
        // On big stacks reading the state and synthesizing each take a while: read it meanwhile.
        var earlyWorkspace: Workspace?
        var stateRead: Task<State?, any Error>?
        if loaded == nil, settings.manifestFile == nil, let name = target.stack, let known = project.stacks[name] {
            let early = try workspace(stack: known, stackName: name, environment: target.environment, state: selection)
            earlyWorkspace = early
            stateRead = Task { try await early.backend.read(stack: name, environment: target.environment) }
        }
        let (stack, synthesized) = try manifest(target, settings: settings)
        let workspace =
            try earlyWorkspace
            ?? workspace(
                stack: stack, stackName: synthesized.stack, environment: synthesized.environment, state: selection)
        let read =
            loaded == nil
            ? stateRead
                ?? Task {
                    try await workspace.backend.read(stack: synthesized.stack, environment: synthesized.environment)
                }
            : nil
        // Work out the manifest's dependency order while the state is still loading.
        let dependencies = ManifestDependencies(synthesized)
        var provider = existing
        let loadedState: (state: State, existed: Bool)
        if let loaded {
            loadedState = loaded
        } else if let read {
            let stored = try await read.value
            loadedState = (
                stored ?? State(lineage: "", stack: synthesized.stack, environment: synthesized.environment),
                stored != nil
            )
        } else {
            loadedState = (State(lineage: "", stack: synthesized.stack, environment: synthesized.environment), false)
        }
        var state = loadedState.state
        var drift: [DriftedAttribute] = []
        if let cloud, !state.resources.isEmpty {
            let reader: AWSProvider
            if let provider {
                reader = provider
            } else {
                do {
                    reader = try cloud.provider(region: synthesized.region, in: project)
                } catch {
                    throw OperationError(
                        "\(error); to plan from the recorded state without reading the cloud, pass --refresh=false")
                }
                provider = reader
            }
            (state, drift) = try await workspace.refresh(state, provider: reader)
        }
        // A finished rollout renamed the pool's template and group (`-gN`): the stack means those.
        var manifest = RolloutPlanner.adoptingGenerations(
            ExpiryTags.applying(expiresAt ?? state.metadata.expiresAt, to: synthesized), state: state)
        if !settings.options.destroy, AccountID.isMentioned(in: manifest) {
            let account = try await accountID(
                for: manifest, state: state, asking: resolveAccount ? provider : nil)
            manifest = AccountID.resolving(manifest, account: account)
        }
        var options = settings.options
        options.drift = drift
        // What the state costs now is the plan's before side: price it on another thread meanwhile.
        let priorCost = catalog.map { catalog in
            Task.detached { [state, manifest] in
                CostEstimator(catalog: try await catalog.value).estimatePrior(state, declared: manifest)
            }
        }
        // A rollout under way is settled first, whatever else would stop the destroy.
        if options.destroy, let active = state.activeRollouts.first {
            throw OperationError(
                "a rollout of \(active.group) is under way (generation \(active.generation), "
                    + "\(active.status.rawValue)); run 'fleetform rollout abort --stack \(state.stack) "
                    + "--env \(state.environment)' before destroying")
        }
        var plan = try Planner().plan(
            manifest: manifest, state: state, schemas: ResourceSchemas.table, options: options,
            dependencies: dependencies)
        if !options.destroy, !options.refreshOnly, options.targets.isEmpty {
            plan = RolloutPlanner.plan(plan, manifest: manifest, state: state)
        }
        return Prepared(
            stack: stack, manifest: manifest, workspace: workspace,
            priorState: loadedState.existed ? loadedState.state : nil, state: state, plan: plan, provider: provider,
            priorCost: priorCost)
    }

    /// The account values naming it are planned with (`AccountID`): the credentials' (asked once
    /// per run, through `provider`) when applying, else the one the state's ARNs record, else
    /// nil (planned as unknown). Credentials for another account than the state's are refused.
    func accountID(for manifest: Manifest, state: State, asking provider: AWSProvider?) async throws -> String? {
        let recorded = AccountID.recorded(in: state)
        guard let provider else { return recorded }
        let account = try await provider.accountID(region: manifest.region)
        if let recorded, recorded != account {
            throw OperationError(
                "the credentials are for account \(account), but \(state.stack)/\(state.environment)'s state records "
                    + "resources in account \(recorded); use credentials (a profile) of account \(recorded)")
        }
        return account
    }

    /// Writes a saved plan, bound to the prior state, readable only by its owner.
    public static func save(_ plan: FleetformModel.Plan, priorState: State?, to path: String) throws {
        try PlanFile.write(SavedPlan(plan: plan, priorState: priorState), to: path)
    }
}
