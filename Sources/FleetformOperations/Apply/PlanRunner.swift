import FleetformAWS
import FleetformEngine
import FleetformModel
import Foundation
import Synchronization

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
        /// How the plan's rollouts ended (nil when none ran: none planned, or the changes before
        /// them did not all finish).
        public var rollouts: RolloutRunner.Outcome?

        /// `Error: ADDR: rollout rolled back: gate 'alarm': 'x' in ALARM`, one line per rollout
        /// that rolled back, failed or could not start.
        public func rolloutErrors(planned: [PlannedRollout]) -> [String] {
            guard let rollouts else {
                return outcome.succeeded
                    ? []
                    : planned.map {
                        "Error: \($0.record.group): rollout not started: the changes before it did not all finish"
                    }
            }
            return rollouts.rolledBack.map { "Error: \($0.group): rollout rolled back to blue: \($0.reason)" }
                + rollouts.failures.map {
                    "Error: \($0.group): rollout stopped: \($0.message); 'fleetform rollout status' shows where it is"
                }
        }

        /// `Error: ADDR: create failed: …`, one line per failed operation.
        public var operationErrors: [String] {
            outcome.failures.map {
                "Error: \($0.operation.address): \($0.operation.kind.progressVerb.lowercased()) failed: \($0.message)"
            }
        }

        /// One line per create interrupted before the service answered.
        public var inDoubtLines: [String] {
            outcome.inDoubt.map {
                "\($0.address): interrupted before the service answered; will be looked up on the next run"
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
    /// Paces rollout pauses and polls.
    public var clock: any WallClock

    /// A runner with `parallelism` operations at once.
    public init(
        parallelism: Int, output: any OperationOutput, interrupts: any InterruptSource = NoInterrupts(),
        clock: any WallClock = SystemWallClock()
    ) {
        self.parallelism = parallelism
        self.output = output
        self.interrupts = interrupts
        self.clock = clock
    }

    /// The tags every resource created in `stack`/`environment` carries (with its expiry, if any).
    static func ownershipTags(stack: String, environment: String, expiresAt: String?)
        -> @Sendable (ResourceAddress) -> [String: String]
    {
        { address in
            var tags = OwnershipTags.tags(stack: stack, environment: environment, address: address.description)
            if let expiresAt { tags[ExpiryTags.key] = expiresAt }
            return tags
        }
    }

    /// Runs `plan`; afterwards, unless interrupted, deletes the deposed objects in `leftover`
    /// (left by an earlier interrupted replacement) now that dependents have moved.
    public func run(
        _ plan: FleetformModel.Plan, on state: State, workspace: Workspace, provider: AWSProvider, expiresAt: String?,
        leftover: Set<String> = []
    ) async throws -> Result {
        let tags = Self.ownershipTags(stack: plan.stack, environment: plan.environment, expiresAt: expiresAt)
        let executor = Executor(
            parallelism: parallelism, ownershipTags: tags,
            isFatal: { ($0 as? AWSError)?.isAuthenticationFailure == true },
            outcomeUnknown: { ($0 as? AWSError)?.kind == .transport },
            alreadyExists: { ($0 as? AWSError)?.isAlreadyExists == true })
        let journal = try workspace.openJournal()
        let output = self.output
        output.progressStarted()
        let inFlight = InFlightCounter()
        let events: @Sendable (ApplyEvent) -> Void = { event in
            inFlight.count(event)
            output.event(event)
        }
        let stop = StopSignal()
        let rollouts = RolloutRunner(executor: executor, probe: AWSRolloutProbe(client: provider.client), clock: clock)
        let applyTask = Task {
            let outcome = await executor.apply(
                plan, to: state, provider: provider, journal: journal, stop: stop, events: events)
            // Rollouts run once everything else is in place (the roles and subnets green needs).
            guard outcome.succeeded, !plan.rollouts.isEmpty else { return (outcome, nil as RolloutRunner.Outcome?) }
            let rolled = await rollouts.run(
                plan.rollouts, on: outcome.state, provider: provider, journal: journal, stop: stop, events: events)
            return (outcome, rolled)
        }
        // The first Ctrl-C stops scheduling and waits for the calls in flight; the second stops
        // waiting, and the creates it abandons are looked up by the next run.
        let listening = interrupts.listen {
            if !stop.isRequested {
                stop.request()
                output.message(
                    "Interrupt received: starting nothing new; finishing the \(inFlight.current) call(s) in flight, "
                        + "then saving state. Press Ctrl-C again to stop waiting "
                        + "(unanswered creates are looked up on the next run).",
                    type: "interrupt")
            } else {
                applyTask.cancel()
                output.message(
                    "Second interrupt: no longer waiting for \(inFlight.current) call(s); saving state.",
                    type: "interrupt")
            }
        }
        var (outcome, rolled) = await applyTask.value
        listening.stop()
        if let rolled { outcome.interrupted = outcome.interrupted || rolled.interrupted }
        var result = Result(outcome: outcome, state: rolled?.state ?? outcome.state, rollouts: rolled)
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

/// How many operations have started and not yet ended, from the executor's events.
final class InFlightCounter: Sendable {
    private let running = Mutex(0)

    func count(_ event: ApplyEvent) {
        switch event {
        case .started: running.withLock { $0 += 1 }
        case .finished, .failed, .inDoubt: running.withLock { $0 -= 1 }
        case .skipped, .adopted, .rollout: break
        }
    }

    var current: Int { running.withLock { $0 } }
}
