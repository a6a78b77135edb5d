import FleetformAWS
import FleetformDSL
import FleetformEngine
import FleetformModel
import Foundation

/// Plan → review → execute → persist, for `apply` and `destroy`: the work behind both commands,
/// with the clock, output, interrupts and confirmation injected.
///
/// ```swift
/// let report = try await ApplyOperation(project: project, output: printer, review: review)
///     .run(ApplyOperation.Request(target: StackTarget(stack: "training", environment: "dev")))
/// ```
public struct ApplyOperation: Sendable {
    /// What to apply and how.
    public struct Request: Sendable {
        public var target: StackTarget
        public var state: StateSelection
        public var settings: PlanSettings
        public var cloud: CloudSettings
        /// How many resource operations run at once.
        public var parallelism: Int
        /// Refresh resources from the cloud before planning.
        public var refresh: Bool
        /// A plan saved with `plan --out`, applied exactly.
        public var savedPlan: String?
        /// `--ttl`: a new expiry, this many seconds from now.
        public var ttlSeconds: Double?
        /// The command holding the lock, as its record shows it (`fleetform apply`).
        public var command: String

        /// A request to apply `target` with default settings.
        public init(
            target: StackTarget, state: StateSelection = StateSelection(), settings: PlanSettings = PlanSettings(),
            cloud: CloudSettings = CloudSettings(), parallelism: Int = 10, refresh: Bool = true,
            savedPlan: String? = nil,
            ttlSeconds: Double? = nil, command: String = "fleetform apply"
        ) {
            self.target = target
            self.state = state
            self.settings = settings
            self.cloud = cloud
            self.parallelism = parallelism
            self.refresh = refresh
            self.savedPlan = savedPlan
            self.ttlSeconds = ttlSeconds
            self.command = command
        }
    }

    /// Sees the plan before anything changes: shows it and, for a plan with changes, confirms.
    public protocol Review: Sendable {
        /// The plan is made (`saved`: it came from a plan file, exactly as saved); `leftover`
        /// are deposed objects of an interrupted replacement that will be destroyed afterwards.
        func planned(_ plan: FleetformModel.Plan, saved: Bool, leftover: [ResourceState])
        /// Asks to go ahead with `plan`; throws to cancel (nothing has changed yet).
        func confirm(_ plan: FleetformModel.Plan, saved: Bool) async throws
    }

    /// What an apply did.
    public struct Report: Sendable {
        /// How it ended.
        public enum Ending: Sendable, Equatable {
            /// Nothing to change (deposed leftovers may have been cleaned up).
            case noChanges
            /// Every operation finished.
            case complete
            /// Some operations failed or were not attempted; `interrupted` after Ctrl-C.
            case incomplete(interrupted: Bool)
        }

        public var ending: Ending
        public var plan: FleetformModel.Plan
        /// Whether this was a destroy.
        public var destroy: Bool
        public var added = 0
        public var changed = 0
        public var destroyed = 0
        public var failed = 0
        public var notAttempted = 0
        /// Creates interrupted before the service answered (looked up by the next run).
        public var inDoubt = 0
        /// One line per failed operation.
        public var operationErrors: [String] = []
        /// One line per create interrupted before the service answered.
        public var inDoubtLines: [String] = []
        /// One line per deposed object that could not be deleted.
        public var deposedErrors: [String] = []
        /// API calls and state storage, with `--verbose`.
        public var verboseLines: [String] = []

        /// `Apply complete! Resources: 3 added, 0 changed, 0 destroyed.` and its siblings.
        public var summary: String {
            let verb = destroy ? "Destroy" : "Apply"
            switch ending {
            case .noChanges:
                return
                    "\nNothing to change: \(plan.stack)/\(plan.environment) in the cloud is already what the stack declares."
            case .complete:
                return "\n\(verb) complete! Resources: \(added) added, \(changed) changed, \(destroyed) destroyed."
            case .incomplete:
                return "\n\(verb) incomplete. Resources: \(added) added, \(changed) changed, \(destroyed) destroyed; "
                    + "\(failed) failed, " + (inDoubt > 0 ? "\(inDoubt) unanswered (looked up on the next run), " : "")
                    + "\(notAttempted) not attempted. State saved."
            }
        }

        /// 0 when everything finished, 130 after Ctrl-C, 1 otherwise.
        public var exitCode: Int32 {
            switch ending {
            case .noChanges, .complete: return 0
            case .incomplete(let interrupted): return interrupted ? 130 : 1
            }
        }
    }

    public var project: Project
    public var output: any OperationOutput
    public var review: any Review
    public var interrupts: any InterruptSource

    /// An apply in `project`, reporting progress to `output` and showing the plan to `review`.
    public init(
        project: Project, output: any OperationOutput, review: any Review,
        interrupts: any InterruptSource = NoInterrupts()
    ) {
        self.project = project
        self.output = output
        self.review = review
        self.interrupts = interrupts
    }

    /// Plans, reviews, runs and persists; returns what happened.
    public func run(_ request: Request) async throws -> Report {
        let saved = try request.savedPlan.map(Self.readSavedPlan)
        if let saved, let path = request.savedPlan, let asked = request.target.stack,
            asked != saved.plan.stack || request.target.environment != saved.plan.environment
        {
            // An explicit --stack/--env must be the plan's: never apply a plan to what was not asked for.
            try saved.verify(against: nil, stack: asked, environment: request.target.environment, file: path)
        }
        var target = request.target
        target.stack = saved?.plan.stack ?? request.target.stack
        target.environment = saved?.plan.environment ?? request.target.environment
        let pipeline = PlanPipeline(project: project, output: output)
        let stack: Stack? = request.settings.manifestFile == nil ? try project.stacks.stack(named: target.stack) : nil
        let (_, manifest) = try pipeline.manifest(target, settings: request.settings)
        let workspace = try pipeline.workspace(
            stack: stack, stackName: manifest.stack, environment: manifest.environment, state: request.state)
        var defaultTTL: Double?
        if saved == nil, let hours = stack?.defaultTTLHours, !target.production { defaultTTL = hours * 3600 }
        return try await request.cloud.withProvider(region: manifest.region, in: project) { provider in
            try await workspace.withLock(command: request.command, timeout: request.cloud.lockTimeout) {
                try await execute(
                    request, target: target, saved: saved, defaultTTL: defaultTTL, workspace: workspace,
                    provider: provider)
            }
        }
    }

    private static func readSavedPlan(_ path: String) throws -> SavedPlan {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw OperationError("cannot read the plan file \(path); check the path")
        }
        return try PlanFile.decode(Array(bytes), file: path)
    }

    private func execute(
        _ request: Request, target: StackTarget, saved: SavedPlan?, defaultTTL: Double?, workspace: Workspace,
        provider: AWSProvider
    ) async throws -> Report {
        let output = self.output
        let loaded = try await workspace.load(provider: provider, events: { output.event($0) })
        var expiresAt = loaded.state.metadata.expiresAt
        if let ttl = request.ttlSeconds ?? (expiresAt == nil ? defaultTTL : nil) {
            expiresAt = project.clock.now().addingTimeInterval(ttl).rfc3339
        }

        let plan: FleetformModel.Plan
        var state = loaded.state
        if let saved, let path = request.savedPlan {
            try saved.verify(
                against: loaded.existed ? loaded.state : nil, stack: saved.plan.stack,
                environment: saved.plan.environment, file: path)
            plan = saved.plan
        } else {
            let prepared = try await PlanPipeline(project: project, output: output).prepare(
                target, state: request.state, settings: request.settings, cloud: request.refresh ? request.cloud : nil,
                expiresAt: expiresAt, provider: provider, loaded: loaded, resolveAccount: true)
            plan = prepared.plan
            state = prepared.state
        }
        let leftover = loaded.state.deposed
        review.planned(plan, saved: saved != nil, leftover: leftover)
        var report = Report(ending: .noChanges, plan: plan, destroy: request.settings.destroy)
        guard plan.hasChanges else {
            if !leftover.isEmpty {
                let journal = try workspace.openJournal()
                let cleaned = await workspace.deleteDeposed(
                    state, provider: provider, journal: journal, events: { output.event($0) })
                await journal.close()
                state = cleaned.state
                report.deposedErrors = cleaned.failures.map { "\($0.resource.address): \($0.message)" }
            }
            if expiresAt != loaded.state.metadata.expiresAt || !plan.drift.isEmpty || !leftover.isEmpty {
                state.metadata.expiresAt = expiresAt
                try await workspace.persist(state)
            }
            if !report.deposedErrors.isEmpty {
                throw OperationError(
                    "\(report.deposedErrors.count) deposed object(s) could not be destroyed; they stay in state and the next apply tries again"
                )
            }
            return report
        }
        try await review.confirm(plan, saved: saved != nil)

        let run = try await PlanRunner(
            parallelism: request.parallelism, output: output, interrupts: interrupts, clock: project.clock
        ).run(
            plan, on: state, workspace: workspace, provider: provider, expiresAt: expiresAt,
            leftover: Set(leftover.map(\.id)))
        let outcome = run.outcome
        state = run.state
        state.metadata.expiresAt = expiresAt
        state.metadata.isProduction = target.production
        var persistedBytes = 0
        if loaded.existed || !outcome.completed.isEmpty || !outcome.inDoubt.isEmpty {
            let persisted = try await workspace.persist(state, applied: true, inDoubt: outcome.inDoubt)
            if request.cloud.verbose { persistedBytes = StateFile.encode(persisted).count }
        } else {
            // Nothing was created and there was no state: leave nothing behind.
            try? FileManager.default.removeItem(atPath: workspace.journalPath)
        }

        if request.cloud.verbose {
            report.verboseLines.append(provider.client.metrics.summary)
            report.verboseLines.append(
                "state storage: journal \(run.journalBytes) bytes, state \(persistedBytes) bytes written to "
                    + workspace.backend.location(stack: workspace.stack, environment: workspace.environment))
            if let summary = project.stateBackendMetrics { report.verboseLines.append("state backend " + summary) }
        }
        report.added = outcome.completed[.create, default: 0]
        report.changed = outcome.completed[.update, default: 0]
        report.destroyed =
            outcome.completed[.delete, default: 0] + outcome.completed[.deleteDeposed, default: 0]
            + run.deposedDestroyed
        report.failed = outcome.failures.count
        report.notAttempted = outcome.skipped.count
        report.inDoubt = outcome.inDoubt.count
        report.operationErrors = run.operationErrors + run.rolloutErrors(planned: plan.rollouts)
        report.changed += run.rollouts?.completed.count ?? 0
        report.inDoubtLines = run.inDoubtLines
        report.deposedErrors = run.deposedErrors
        let rolledOut = plan.rollouts.isEmpty || run.rollouts?.succeeded == true
        report.ending =
            outcome.succeeded && run.deposedFailures.isEmpty && rolledOut
            ? .complete : .incomplete(interrupted: outcome.interrupted)
        return report
    }
}
