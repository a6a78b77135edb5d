import FleetformAWS
import FleetformEngine
import FleetformModel
import Foundation

/// The work behind `fleetform rollout status | continue | abort`: inspect and steer a pool
/// rollout that stopped (Ctrl-C, a crash, a failed call).
///
/// ```swift
/// let records = try await RolloutOperation(project: project, output: printer).status(target, state: StateSelection())
/// ```
public struct RolloutOperation: Sendable {
    public var project: Project
    public var output: any OperationOutput

    public init(project: Project, output: any OperationOutput) {
        self.project = project
        self.output = output
    }

    /// The rollout records of the environment (under way, and the last of each pool), with what
    /// an interrupted apply's journal adds; reads no cloud and takes no lock.
    public func status(_ target: StackTarget, state selection: StateSelection) async throws -> [RolloutRecord] {
        let workspace = try self.workspace(target, selection)
        let stored = try await workspace.backend.read(stack: workspace.stack, environment: workspace.environment)
        guard let stored else { return [] }
        let replayed = JournalReplay.apply(try FileJournal.read(path: workspace.journalPath), to: stored).state
        return replayed.rollouts.values.sorted { $0.group < $1.group }
    }

    /// Carries on the rollouts under way (`abort: false`) or rolls them back (`abort: true`);
    /// returns how they ended.
    public func steer(
        _ target: StackTarget, state selection: StateSelection, cloud: CloudSettings, abort: Bool
    ) async throws -> RolloutRunner.Outcome {
        let workspace = try self.workspace(target, selection)
        let stack = try project.stacks.stack(named: target.stack)
        let output = self.output
        let command = "fleetform rollout \(abort ? "abort" : "continue")"
        return try await cloud.withProvider(region: stack.region.code, in: project) { provider in
            try await workspace.withLock(command: command, timeout: cloud.lockTimeout) {
                var state = try await workspace.load(provider: provider, events: { output.event($0) }).state
                let active = state.activeRollouts
                guard !active.isEmpty else {
                    throw OperationError("no rollout is under way in \(workspace.stack)/\(workspace.environment)")
                }
                let tags = PlanRunner.ownershipTags(
                    stack: workspace.stack, environment: workspace.environment, expiresAt: state.metadata.expiresAt)
                let executor = Executor(
                    ownershipTags: tags, alreadyExists: { ($0 as? AWSError)?.isAlreadyExists == true })
                let runner = RolloutRunner(
                    executor: executor, probe: AWSRolloutProbe(client: provider.client), clock: project.clock)
                let journal = try workspace.openJournal()
                var outcome = RolloutRunner.Outcome(state: state)
                if abort {
                    for record in active {
                        let aborted = await runner.abort(
                            record.group, on: outcome.state, provider: provider, journal: journal,
                            events: { output.event($0) })
                        outcome.state = aborted.state
                        outcome.rolledBack += aborted.rolledBack
                        outcome.failures += aborted.failures
                    }
                } else {
                    let planned = active.map {
                        PlannedRollout(record: $0, replaces: [], resuming: true, overlapNodeHours: 0, instanceType: "")
                    }
                    outcome = await runner.run(
                        planned, on: state, provider: provider, journal: journal, events: { output.event($0) })
                }
                await journal.close()
                state = outcome.state
                outcome.state = try await workspace.persist(state, applied: true)
                return outcome
            }
        }
    }

    private func workspace(_ target: StackTarget, _ selection: StateSelection) throws -> Workspace {
        let stack = try project.stacks.stack(named: target.stack)
        return try selection.workspace(
            stack: stack, stackName: stack.name, environment: target.environment, in: project, warn: output.warning)
    }
}
