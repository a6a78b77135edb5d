import FleetformAWS
import FleetformEngine
import FleetformModel
import Foundation

/// Carries out `fleetform env reap`: destroys expired environments under their locks and sweeps
/// orphans. The decisions (what is expired, what must be kept, what is an orphan) are
/// `ReapPolicy` and `OrphanSweep`; this type does the I/O and says what it does to `output`.
public struct EnvironmentReaper: Sendable {
    /// What a reap did, for the summary and the exit code.
    public struct Report: Sendable {
        public var reaped: [String] = []
        public var kept: [String] = []
        /// Each names what remains and why.
        public var failures: [String] = []
        public var orphansFound = 0
        public var orphansDeleted = 0

        /// A report of nothing done yet.
        public init() {}

        /// Adds what `other` did.
        public mutating func merge(_ other: Report) {
            reaped += other.reaped
            kept += other.kept
            failures += other.failures
            orphansFound += other.orphansFound
            orphansDeleted += other.orphansDeleted
        }
    }

    public var scope: EnvironmentScope
    public var cloud: CloudSettings
    public var parallelism: Int
    public var dryRun: Bool
    public var output: any OperationOutput
    public var interrupts: any InterruptSource
    /// The time expiries are judged at (the project's clock when the reaper was made).
    let now: Date

    /// A reaper over `scope`'s environments.
    public init(
        scope: EnvironmentScope, cloud: CloudSettings, parallelism: Int, dryRun: Bool, output: any OperationOutput,
        interrupts: any InterruptSource = NoInterrupts()
    ) {
        self.scope = scope
        self.cloud = cloud
        self.parallelism = parallelism
        self.dryRun = dryRun
        self.output = output
        self.interrupts = interrupts
        self.now = scope.project.clock.now()
    }

    private var project: Project { scope.project }

    // MARK: - Expired environments

    /// Destroys every expired, non-production environment in scope and removes its state.
    public func reapExpired() async throws -> Report {
        let policy = ReapPolicy(now: now)
        var report = Report()
        for entry in try await scope.entries() {
            let name = "\(entry.stack)/\(entry.environment)"
            switch policy.verdict(for: entry.state) {
            case .expired(let since):
                do {
                    try await reap(entry, expiredSince: since, report: &report)
                } catch {
                    report.failures.append("\(name): \(error); its \(entry.state.resources.count) resource(s) remain")
                }
            case .live(let until): report.kept.append("\(name) (expires \(AgeText.relative(until, now: now)))")
            case .noExpiry: report.kept.append("\(name) (no expiry)")
            case .production: report.kept.append("\(name) (production)")
            case .unreadableExpiry(let text):
                report.kept.append("\(name) (expiry '\(text)' is not RFC 3339; set one with 'fleetform apply --ttl')")
            }
        }
        return report
    }

    private func reap(_ entry: EnvironmentScope.Entry, expiredSince since: Date, report: inout Report) async throws {
        let name = "\(entry.stack)/\(entry.environment)"
        output.message(
            "\nReaping \(name): expired \(AgeText.relative(since, now: now)) (\(since.rfc3339)), \(entry.state.resources.count) resource(s)"
        )
        if dryRun {
            let plan = try destroyPlan(entry.state, region: region(of: entry))
            for change in plan.changes {
                output.message(
                    "  - \(change.address) would be destroyed"
                        + (entry.state.resources[change.address].map { " [id=\($0.id)]" } ?? ""))
            }
            let kept = entry.state.resources.count - plan.changes.count
            if kept > 0 {
                output.message("  \(kept) resource(s) with preventDestroy (and what they use) would be kept")
            }
            report.reaped.append(name + " (dry run)")
            return
        }
        let workspace = scope.workspace(entry)
        report.merge(
            try await cloud.withProvider(region: region(of: entry), in: project) { provider in
                try await reapLocked(entry, workspace: workspace, provider: provider)
            })
    }

    private func reapLocked(_ entry: EnvironmentScope.Entry, workspace: Workspace, provider: AWSProvider)
        async throws -> Report
    {
        let name = "\(entry.stack)/\(entry.environment)"
        let output = self.output
        var report = Report()
        try await workspace.withLock(command: "fleetform env reap", timeout: cloud.lockTimeout) {
            let loaded = try await workspace.load(provider: provider, events: { output.event($0) })
            // Re-judged under the lock: a run may have extended the expiry since the listing.
            guard case .expired = ReapPolicy(now: now).verdict(for: loaded.state) else {
                output.message("\(name) is no longer expired (another run changed it); left alone.")
                report.kept.append("\(name) (expiry extended)")
                return
            }
            let plan = try destroyPlan(loaded.state, region: region(of: entry))
            let kept = loaded.state.resources.count - plan.changes.count
            let run = try await PlanRunner(parallelism: parallelism, output: output, interrupts: interrupts).run(
                plan, on: loaded.state, workspace: workspace, provider: provider,
                expiresAt: loaded.state.metadata.expiresAt, leftover: Set(loaded.state.deposed.map(\.id)))
            let outcome = run.outcome
            let saved = try await workspace.persist(run.state, inDoubt: outcome.inDoubt)
            (run.operationErrors + run.inDoubtLines + run.deposedErrors).forEach(output.warning)
            guard outcome.succeeded && run.deposedFailures.isEmpty else {
                let remaining =
                    saved.sortedResources.map(\.address.description)
                    + saved.deposed.map { "\($0.address) (deposed \($0.id))" }
                report.failures.append(
                    "\(name): \(outcome.failures.count + run.deposedFailures.count) delete(s) failed; \(remaining.count) resource(s) remain: "
                        + remaining.joined(separator: ", "))
                return
            }
            if saved.resources.isEmpty && saved.deposed.isEmpty {
                try await workspace.backend.delete(stack: entry.stack, environment: entry.environment)
                output.message("\(name): destroyed \(plan.changes.count) resource(s); state removed.")
                report.reaped.append(name)
            } else {
                output.message(
                    "\(name): destroyed \(plan.changes.count) resource(s); kept \(kept) with preventDestroy (and what they use); state kept."
                )
                report.reaped.append(name + " (kept \(kept) protected)")
            }
        }
        return report
    }

    /// The plan deleting every resource of `state` except those `ReapPolicy.protected` keeps.
    private func destroyPlan(_ state: State, region: String) throws -> FleetformModel.Plan {
        let protected = ReapPolicy.protected(in: state)
        var reapable = state
        reapable.resources = state.resources.filter { !protected.contains($0.key) }
        let manifest = Manifest(stack: state.stack, environment: state.environment, region: region, resources: [])
        return try Planner().plan(
            manifest: manifest, state: reapable, schemas: ResourceSchemas.table, options: PlanOptions(destroy: true))
    }

    private func region(of entry: EnvironmentScope.Entry) -> String {
        project.stacks[entry.stack]?.region.code ?? entry.state.sortedResources.first?.provider.region ?? "us-east-1"
    }

    // MARK: - Orphans

    /// Lists the resources tagged `fleetform:stack` that no state knows and, with `delete`,
    /// deletes them, each environment's under that environment's lock.
    public func sweepOrphans(regions requested: [String], delete: Bool) async throws -> Report {
        var everyScope = scope
        everyScope.stack = nil
        let everyState = try await everyScope.entries()
        var regions = requested.isEmpty ? try await scope.regions(of: everyState) : requested
        if regions.isEmpty { regions = ["us-east-1"] }
        return try await cloud.withProvider(region: regions[0], in: project) { provider in
            try await sweep(regions: regions, everyState: everyState, delete: delete, provider: provider)
        }
    }

    private func sweep(
        regions: [String], everyState: [EnvironmentScope.Entry], delete: Bool, provider: AWSProvider
    ) async throws -> Report {
        var report = Report()
        let inventory = try await ResourceInventory(client: provider.client)
            .resources(taggedWith: OwnershipTags.stack, regions: regions)
        let orphans = OrphanSweep.orphans(in: inventory, states: everyState.map(\.state), stack: scope.stack)
        report.orphansFound = orphans.count
        output.message(
            "\nOrphan sweep of \(regions.joined(separator: ", ")): \(inventory.count) tagged resource(s), \(orphans.count) not in any state."
        )
        guard !orphans.isEmpty else { return report }
        output.message(String(orphanTable(orphans).dropLast()))
        guard delete, !dryRun else {
            output.message(dryRun ? "--dry-run: nothing was deleted." : "Run again with --yes to delete them.")
            return report
        }
        let groups = Dictionary(grouping: orphans) {
            OrphanGroup(stack: $0.stack ?? "", environment: $0.environment ?? "")
        }
        let ordered = groups.sorted { ($0.key.stack, $0.key.environment) < ($1.key.stack, $1.key.environment) }
        for (group, members) in ordered {
            let (deleted, failures) = await deleteOrphans(members, of: group, provider: provider)
            report.orphansDeleted += deleted
            report.failures += failures
        }
        return report
    }

    private struct OrphanGroup: Hashable {
        var stack: String
        var environment: String
    }

    private func deleteOrphans(_ orphans: [CloudResource], of group: OrphanGroup, provider: AWSProvider) async -> (
        Int, [String]
    ) {
        let backend: any StateBackend
        do {
            backend = try scope.selection.backend(for: project.stacks[group.stack], in: project, warn: scope.warn)
        } catch {
            return (0, orphans.map { "\($0.type) \($0.id): not deleted: \(error)" })
        }
        let workspace = scope.selection.workspace(
            backend: backend, stackName: group.stack, environment: group.environment, in: project)
        do {
            return try await workspace.withLock(command: "fleetform env reap --orphans", timeout: cloud.lockTimeout) {
                // Ids a run recorded since the sweep listed them are not orphans any more.
                let state = try await backend.read(stack: group.stack, environment: group.environment)
                let recorded = Set(state?.resources.values.map(\.id) ?? [])
                return await deleteInWaves(orphans.filter { !recorded.contains($0.id) }, provider: provider)
            }
        } catch {
            return (0, ["\(group.stack)/\(group.environment): \(orphans.count) orphan(s) not deleted: \(error)"])
        }
    }

    private func deleteInWaves(_ orphans: [CloudResource], provider: AWSProvider) async -> (Int, [String]) {
        var deleted = 0
        var failures: [String] = []
        for wave in OrphanSweep.waves(orphans, rank: ResourceInventory.teardownRank) {
            for start in stride(from: 0, to: wave.count, by: parallelism) {
                let batch = wave[start..<min(start + parallelism, wave.count)]
                let results = await withTaskGroup(of: (CloudResource, String?).self) { group in
                    for orphan in batch {
                        group.addTask {
                            do {
                                try await provider.delete(OrphanSweep.deletable(orphan))
                                return (orphan, nil)
                            } catch {
                                return (orphan, "\(error)")
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                for (orphan, error) in results.sorted(by: { $0.0.id < $1.0.id }) {
                    if let error {
                        output.warning("Error: \(orphan.type) \(orphan.id): delete failed: \(error)")
                        failures.append("\(orphan.type) \(orphan.id) (\(orphan.region)) remains: \(error)")
                    } else {
                        output.message("\(orphan.type) \(orphan.id): Deleted orphan")
                        deleted += 1
                    }
                }
            }
        }
        return (deleted, failures)
    }

    private func orphanTable(_ orphans: [CloudResource]) -> String {
        var rows = [["STACK", "ENVIRONMENT", "TYPE", "ID", "REGION", "AGE", "ADDRESS", "TAGS"]]
        for orphan in orphans {
            let age =
                orphan.createdAt.flatMap { Date(rfc3339: $0) }
                .map { AgeText.format(now.timeIntervalSince($0)) } ?? "unknown"
            let tags = orphan.tags.filter { !$0.key.hasPrefix(OwnershipTags.prefix) || $0.key == ExpiryTags.key }
                .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            rows.append([
                orphan.stack ?? "-", orphan.environment ?? "-", orphan.type, orphan.id, orphan.region, age,
                orphan.tags[OwnershipTags.address] ?? "-", tags.isEmpty ? "-" : tags,
            ])
        }
        return TextTable.render(rows)
    }

    // MARK: - Summary

    /// The closing summary: what was reaped, kept, found and what remains.
    public func summary(_ report: Report) -> String {
        var lines: [String] = [""]
        let verb = dryRun ? "Would reap" : "Reaped"
        lines.append(
            "\(verb) \(report.reaped.count) environment(s)"
                + (report.reaped.isEmpty ? "." : ": " + report.reaped.joined(separator: ", ") + "."))
        if !report.kept.isEmpty {
            lines.append("Kept \(report.kept.count): " + report.kept.joined(separator: ", ") + ".")
        }
        if report.orphansFound > 0 {
            lines.append("Orphans: \(report.orphansFound) found, \(report.orphansDeleted) deleted.")
        }
        if !report.failures.isEmpty {
            lines.append("Not everything could be deleted; what remains:")
            lines += report.failures.map { "  - " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
