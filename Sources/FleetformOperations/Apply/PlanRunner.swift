import FleetformAWS
import FleetformEngine
import FleetformModel
import Foundation

/// Runs a plan through the executor with the journal, progress and interrupt handling that
/// `apply`, `destroy` and `env reap` share. The caller holds the lock and persists the state.
public struct PlanRunner: Sendable {
    /// What a run did.
    public struct Result: Sendable {
        public var outcome: ApplyOutcome
        /// The state after the run, deposed leftovers removed.
        public var state: State
        /// Deposed objects left by an earlier run that could not be deleted.
        public var deposedFailures: [(resource: ResourceState, message: String)] = []
        /// Deposed objects left by an earlier run that were deleted.
        public var deposedDestroyed = 0
        /// Bytes the journal wrote (for `--verbose`).
        public var journalBytes = 0

        /// `Error: ADDR: create failed: …`, one line per failed operation.
        public var operationErrors: [String] {
            outcome.failures.map {
                "Error: \($0.operation.address): \($0.operation.kind.progressVerb.lowercased()) failed: \($0.message)"
            }
        }

        /// One line per deposed object that could not be deleted.
        public var deposedErrors: [String] {
            deposedFailures.map {
                "Error: \($0.resource.address): destroying the deposed object \($0.resource.id) failed: \($0.message); "
                    + "it stays in state and the next apply tries again"
            }
        }
    }

    /// How many resource operations run at once.
    public var parallelism: Int
    /// Where progress goes.
    public var output: any OperationOutput
    /// Where Ctrl-C comes from.
    public var interrupts: any InterruptSource

    /// A runner with `parallelism` operations at once.
    public init(parallelism: Int, output: any OperationOutput, interrupts: any InterruptSource = NoInterrupts()) {
        self.parallelism = parallelism
        self.output = output
        self.interrupts = interrupts
    }

    /// Runs `plan`; afterwards, unless interrupted, deletes the deposed objects in `leftover`
    /// (left by an earlier interrupted replacement) now that dependents have moved.
    public func run(
        _ plan: FleetformModel.Plan, on state: State, workspace: Workspace, provider: AWSProvider, expiresAt: String?,
        leftover: Set<String> = []
    ) async throws -> Result {
        let tags: @Sendable (ResourceAddress) -> [String: String] = { address in
            var tags = [
                "fleetform:stack": plan.stack, "fleetform:env": plan.environment,
                "fleetform:address": address.description,
            ]
            if let expiresAt { tags[ExpiryTags.key] = expiresAt }
            return tags
        }
        let executor = Executor(
            parallelism: parallelism, ownershipTags: tags,
            isFatal: { ($0 as? AWSError)?.isAuthenticationFailure == true })
        let journal = try workspace.openJournal()
        let output = self.output
        output.progressStarted()
        let events: @Sendable (ApplyEvent) -> Void = { output.event($0) }
        let applyTask = Task {
            await executor.apply(plan, to: state, provider: provider, journal: journal, events: events)
        }
        let listening = interrupts.listen {
            applyTask.cancel()
            output.message(
                "Interrupt received: finishing the operations in flight, then saving state…", type: "interrupt")
        }
        let outcome = await applyTask.value
        listening.stop()
        var result = Result(outcome: outcome, state: outcome.state)
        if !outcome.interrupted && !outcome.aborted && !leftover.isEmpty {
            let before = result.state.deposed.count
            (result.state, result.deposedFailures) = await workspace.deleteDeposed(
                result.state, only: leftover, provider: provider, journal: journal, events: events)
            result.deposedDestroyed = before - result.state.deposed.count
        }
        output.progressStopped()
        await journal.close()
        result.journalBytes = await journal.bytesWritten
        return result
    }
}
