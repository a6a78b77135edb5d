import ArgumentParser
import FleetformAWS
import FleetformDSL
import FleetformEngine
import Foundation

/// The flags `apply` and `destroy` share.
struct ApplyFlags: ParsableArguments {
    @Flag(help: "Apply without asking for confirmation (for CI).")
    var autoApprove = false

    @Option(help: "How many resource operations run at once.")
    var parallelism = 10

    @Flag(help: "Progress as JSON events, one object per line.")
    var json = false

    @Option(help: "Refresh resources from the cloud before planning.")
    var refresh = true

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
    }
}

/// Plan → confirm → execute → persist, for `apply` and `destroy`.
enum ApplyDriver {
    struct Request {
        var global: GlobalOptions
        var stateOptions: StateOptions
        var planFlags: PlanFlags
        var cloud: CloudOptions
        var flags: ApplyFlags
        var savedPlan: String?
        /// `--ttl`: sets a new expiry.
        var ttlSeconds: Double?
        /// The stack's default TTL: used only when the environment has no expiry yet.
        var defaultTTLSeconds: Double? = nil
        var command: String
    }

    static func run(_ request: Request) async throws {
        let printer = ProgressPrinter(json: request.flags.json)
        let saved = try request.savedPlan.map(readSavedPlan)
        if let saved, let path = request.savedPlan, let asked = request.global.stack,
            asked != saved.plan.stack || request.global.env != saved.plan.environment
        {
            // An explicit --stack/--env must be the plan's: never apply a plan to what was not asked for.
            try saved.verify(against: nil, stack: asked, environment: request.global.env, file: path)
        }
        let stackName = saved?.plan.stack ?? request.global.stack
        let environment = saved?.plan.environment ?? request.global.env
        let stack: Stack? = request.planFlags.manifest == nil ? try StackLoader.stack(named: stackName) : nil
        var global = request.global
        global.stack = stackName
        global.env = environment
        let (_, manifest) = try PlanPipeline.manifest(global: global, flags: request.planFlags)
        let workspace = try PlanPipeline.workspace(
            stack: stack, stackName: manifest.stack, environment: manifest.environment, stateOptions: request.stateOptions)
        let provider = try request.cloud.provider(region: manifest.region)
        defer { PlanPipeline.Prepared.shutdownProvider(provider) }

        try await workspace.withLock(command: request.command, timeout: request.cloud.lockTimeoutDuration) {
            try await execute(request, saved: saved, global: global, workspace: workspace, provider: provider, printer: printer)
        }
    }

    private static func readSavedPlan(_ path: String) throws -> SavedPlan {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the plan file \(path); check the path")
        }
        return try PlanFile.decode(Array(bytes), file: path)
    }

    private static func execute(
        _ request: Request, saved: SavedPlan?, global: GlobalOptions, workspace: Workspace, provider: AWSProvider,
        printer: ProgressPrinter
    ) async throws {
        let loaded = try await workspace.load(provider: provider, events: printer.handle)
        var expiresAt = loaded.state.metadata.expiresAt
        if let ttl = request.ttlSeconds ?? (expiresAt == nil ? request.defaultTTLSeconds : nil) {
            expiresAt = Date().addingTimeInterval(ttl).rfc3339
        }

        let plan: FleetformModel.Plan
        var state = loaded.state
        if let saved, let path = request.savedPlan {
            try saved.verify(against: loaded.existed ? loaded.state : nil, stack: saved.plan.stack, environment: saved.plan.environment, file: path)
            plan = saved.plan
        } else {
            let prepared = try await PlanPipeline.prepare(
                global: global, stateOptions: request.stateOptions, flags: request.planFlags,
                cloud: request.flags.refresh ? request.cloud : nil, expiresAt: expiresAt, provider: provider, loaded: loaded)
            plan = prepared.plan
            state = prepared.state
            if !request.flags.json {
                Console.out(PlanTextRenderer(color: Console.useColor(noColor: global.noColor)).render(plan))
            }
        }
        let leftover = loaded.state.deposed
        if !leftover.isEmpty && !request.flags.json {
            Console.out("\n\(leftover.count) deposed object\(leftover.count == 1 ? "" : "s") left by an interrupted replacement will be destroyed after the changes: " + leftover.map { "\($0.address) (\($0.id))" }.joined(separator: ", ") + "\n")
        }
        guard plan.hasChanges else {
            var deposedFailures = 0
            if !leftover.isEmpty {
                let journal = try workspace.openJournal()
                let cleaned = await workspace.deleteDeposed(state, provider: provider, journal: journal, events: printer.handle)
                await journal.close()
                state = cleaned.state
                deposedFailures = cleaned.failures.count
            }
            if expiresAt != loaded.state.metadata.expiresAt || !plan.drift.isEmpty || !leftover.isEmpty {
                state.metadata.expiresAt = expiresAt
                try await workspace.persist(state)
            }
            if deposedFailures > 0 {
                Console.error("Error: \(deposedFailures) deposed object(s) could not be destroyed; they stay in state and the next apply tries again")
                throw ExitCode(1)
            }
            printer.message("\nNothing to do: the infrastructure matches the configuration.", type: "no_changes")
            return
        }
        if request.savedPlan == nil && !request.flags.autoApprove {
            try confirm(destroy: request.planFlags.destroy, stack: plan.stack, environment: plan.environment)
        }

        let run = try await PlanRunner.run(
            plan, on: state, workspace: workspace, provider: provider, parallelism: request.flags.parallelism,
            expiresAt: expiresAt, printer: printer, leftover: Set(leftover.map(\.id)))
        let outcome = run.outcome
        state = run.state
        let deposedFailures = run.deposedFailures
        let deposedDestroyed = run.deposedDestroyed
        state.metadata.expiresAt = expiresAt
        state.metadata.isProduction = global.environment.isProduction
        var persistedBytes = 0
        if loaded.existed || !outcome.completed.isEmpty {
            let persisted = try await workspace.persist(state, applied: true)
            if request.cloud.verbose { persistedBytes = StateFile.encode(persisted).count }
        } else {
            // Nothing was created and there was no state: leave nothing behind.
            try? FileManager.default.removeItem(atPath: workspace.journalPath)
        }

        if request.cloud.verbose {
            Console.error(provider.client.metrics.summary)
            Console.error("state storage: journal \(run.journalBytes) bytes, state \(persistedBytes) bytes written to \(workspace.backend.location(stack: workspace.stack, environment: workspace.environment))")
            if let summary = S3StateAddress.metricsSummary { Console.error("state backend " + summary) }
        }
        let added = outcome.completed[.create, default: 0]
        let changed = outcome.completed[.update, default: 0]
        let destroyed = outcome.completed[.delete, default: 0] + outcome.completed[.deleteDeposed, default: 0] + deposedDestroyed
        let verb = request.planFlags.destroy ? "Destroy" : "Apply"
        run.deposedErrors.forEach(Console.error)
        if outcome.succeeded && deposedFailures.isEmpty {
            printer.message("\n\(verb) complete! Resources: \(added) added, \(changed) changed, \(destroyed) destroyed.", type: "summary")
            return
        }
        printer.message("\n\(verb) incomplete. Resources: \(added) added, \(changed) changed, \(destroyed) destroyed; \(outcome.failures.count) failed, \(outcome.skipped.count) not attempted. State saved.", type: "summary")
        run.operationErrors.forEach(Console.error)
        if outcome.interrupted { throw ExitCode(130) }
        throw ExitCode(1)
    }

    private static func confirm(destroy: Bool, stack: String, environment: String) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError("refusing to \(destroy ? "destroy" : "apply") without confirmation: standard input is not a terminal; pass --auto-approve (CI) or run from a terminal")
        }
        Console.out("\nDo you want to \(destroy ? "destroy every resource of" : "perform these actions on") \(stack)/\(environment)?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw CLIError("\(destroy ? "destroy" : "apply") cancelled; nothing was changed")
        }
    }
}

extension PlanPipeline.Prepared {
    /// Closes a provider's HTTP client, waiting for it.
    static func shutdownProvider(_ provider: AWSProvider) {
        let done = DispatchSemaphore(value: 0)
        Task { try? await provider.shutdown(); done.signal() }
        done.wait()
    }
}
