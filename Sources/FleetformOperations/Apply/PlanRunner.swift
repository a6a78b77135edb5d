import FleetformAWS
import FleetformEngine
import FleetformModel
import Foundation

/// Runs a plan through the executor with the journal, progress and Ctrl-C handling that
/// `apply`, `destroy` and `env reap` share. The caller holds the lock and persists the state.
enum PlanRunner {
    /// What a run did.
    struct Result {
        var outcome: ApplyOutcome
        /// The state after the run, deposed leftovers removed.
        var state: State
        /// Deposed objects left by an earlier run that could not be deleted.
        var deposedFailures: [(resource: ResourceState, message: String)] = []
        /// Deposed objects left by an earlier run that were deleted.
        var deposedDestroyed = 0
        /// Bytes the journal wrote (for `--verbose`).
        var journalBytes = 0

        /// `Error: ADDR: create failed: …`, one line per failed operation.
        var operationErrors: [String] {
            outcome.failures.map {
                "Error: \($0.operation.address): \($0.operation.kind.progressVerb.lowercased()) failed: \($0.message)"
            }
        }

        /// One line per deposed object that could not be deleted.
        var deposedErrors: [String] {
            deposedFailures.map {
                "Error: \($0.resource.address): destroying the deposed object \($0.resource.id) failed: \($0.message); "
                    + "it stays in state and the next apply tries again"
            }
        }
    }

    /// Runs `plan`; afterwards, unless interrupted, deletes the deposed objects in `leftover`
    /// (left by an earlier interrupted replacement) now that dependents have moved.
    static func run(
        _ plan: FleetformModel.Plan, on state: State, workspace: Workspace, provider: AWSProvider, parallelism: Int,
        expiresAt: String?, printer: ProgressPrinter, leftover: Set<String> = []
    ) async throws -> Result {
        let tags: @Sendable (ResourceAddress) -> [String: String] = { address in
            var tags = ["fleetform:stack": plan.stack, "fleetform:env": plan.environment, "fleetform:address": address.description]
            if let expiresAt { tags[ExpiryTags.key] = expiresAt }
            return tags
        }
        let executor = Executor(
            parallelism: parallelism, ownershipTags: tags,
            isFatal: { ($0 as? AWSError)?.isAuthenticationFailure == true })
        let journal = try workspace.openJournal()
        printer.start()
        let events: @Sendable (ApplyEvent) -> Void = { printer.handle($0) }
        let applyTask = Task { await executor.apply(plan, to: state, provider: provider, journal: journal, events: events) }
        let interrupt = InterruptHandler {
            applyTask.cancel()
            printer.message("Interrupt received: finishing the operations in flight, then saving state…", type: "interrupt")
        }
        let outcome = await applyTask.value
        interrupt.cancel()
        var result = Result(outcome: outcome, state: outcome.state)
        if !outcome.interrupted && !outcome.aborted && !leftover.isEmpty {
            let before = result.state.deposed.count
            (result.state, result.deposedFailures) = await workspace.deleteDeposed(
                result.state, only: leftover, provider: provider, journal: journal, events: events)
            result.deposedDestroyed = before - result.state.deposed.count
        }
        printer.stop()
        await journal.close()
        result.journalBytes = await journal.bytesWritten
        return result
    }
}

/// Runs `handler` on the first SIGINT (Ctrl-C) while alive; the default behaviour returns after.
final class InterruptHandler: @unchecked Sendable {
    private let source: DispatchSourceSignal

    init(_ handler: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
