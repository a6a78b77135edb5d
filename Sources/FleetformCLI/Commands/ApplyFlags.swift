import ArgumentParser
import FleetformEngine
import FleetformModel
import FleetformOperations
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

/// Runs an `apply` or `destroy` request and prints what it did: the plan, the confirmation
/// prompt, progress, the summary and the errors; exits with the report's status.
struct ApplyRunner {
    var global: GlobalOptions
    var flags: ApplyFlags

    func run(_ request: ApplyOperation.Request) async throws {
        let project = global.project.value
        let printer = ProgressPrinter(json: flags.json, root: project.root)
        let review = TerminalReview(
            json: flags.json, autoApprove: flags.autoApprove, destroy: request.settings.destroy,
            color: Console.useColor(noColor: global.noColor))
        let report = try await ApplyOperation(
            project: project, output: printer, review: review, interrupts: SignalInterrupts()
        ).run(request)
        report.verboseLines.forEach(Console.error)
        switch report.ending {
        case .noChanges:
            printer.message(report.summary, type: "no_changes")
        case .complete:
            report.deposedErrors.forEach(Console.error)
            printer.message(report.summary, type: "summary")
        case .incomplete:
            report.deposedErrors.forEach(Console.error)
            printer.message(report.summary, type: "summary")
            report.operationErrors.forEach(Console.error)
            report.inDoubtLines.forEach(Console.error)
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

/// Shows the plan on the terminal and asks for `yes` before changing anything.
struct TerminalReview: ApplyOperation.Review {
    var json: Bool
    var autoApprove: Bool
    var destroy: Bool
    var color: Bool

    func planned(_ plan: FleetformModel.Plan, saved: Bool, leftover: [ResourceState]) {
        guard !json else { return }
        if !saved { Console.out(PlanTextRenderer(color: color).render(plan)) }
        if !leftover.isEmpty {
            Console.out(
                "\n\(leftover.count) deposed object\(leftover.count == 1 ? "" : "s") left by an interrupted replacement will be destroyed after the changes: "
                    + leftover.map { "\($0.address) (\($0.id))" }.joined(separator: ", ") + "\n")
        }
    }

    func confirm(_ plan: FleetformModel.Plan, saved: Bool) async throws {
        guard !saved && !autoApprove else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw OperationError(
                "refusing to \(destroy ? "destroy" : "apply") without confirmation: standard input is not a terminal; pass --auto-approve (CI) or run from a terminal"
            )
        }
        Console.out(
            "\nDo you want to \(destroy ? "destroy every resource of" : "perform these actions on") \(plan.stack)/\(plan.environment)?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "
        )
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw OperationError("\(destroy ? "destroy" : "apply") cancelled; nothing was changed")
        }
    }
}
