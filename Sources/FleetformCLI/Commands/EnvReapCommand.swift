import ArgumentParser
import FleetformAWS
import FleetformEngine
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform env reap`: destroy expired environments and, with `--orphans`, resources no state knows.
    struct EnvReap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reap",
            abstract: "Destroy every environment whose expiry has passed, and remove its state.",
            discussion: """
                Examples:
                  fleetform env reap --stack preview --dry-run
                  fleetform env reap                         # every stack, no confirmation (for a scheduled CI job)
                  fleetform env reap --orphans               # also list resources tagged fleetform:stack that no state knows
                  fleetform env reap --orphans --yes         # … and delete them
                Production environments (prod, production, or applied with --production) and resources with \
                preventDestroy are never reaped. An environment whose lock is held by a running apply is skipped. \
                Deletes blocked by dependencies that clear with time (DependencyViolation while instances \
                terminate) are retried with backoff for up to 10 minutes; resources already gone count as deleted. \
                Exits 1 when anything could not be deleted, listing what remains.
                """)

        @Option(help: "Only this stack (default: every stack).")
        var stack: String?

        @Flag(help: "Show what would be destroyed and change nothing.")
        var dryRun = false

        @Flag(help: "Also find resources tagged fleetform:stack that no state records (orphans).")
        var orphans = false

        @Flag(help: "Delete the orphans found by --orphans (without it they are only listed).")
        var yes = false

        @Option(
            name: .customLong("region"),
            help: ArgumentHelp(
                "A region to sweep for orphans (repeatable; default: the stacks' regions).", valueName: "REGION"))
        var regions: [String] = []

        @Option(help: "How many resource operations run at once.")
        var parallelism = 10

        @OptionGroup var project: ProjectOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var cloud: CloudOptions

        func validate() throws {
            guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
            if yes && !orphans { throw ValidationError("--yes confirms deleting orphans; pass it with --orphans") }
            if yes && dryRun { throw ValidationError("--yes and --dry-run contradict each other; pass one") }
        }

        func run() async throws {
            let project = project.value
            let printer = ProgressPrinter(json: false, root: project.root)
            let reaper = EnvironmentReaper(
                scope: EnvironmentScope(
                    project: project, selection: stateOptions.selection, stack: stack, warn: printer.warning),
                cloud: cloud.settings, parallelism: parallelism, dryRun: dryRun, output: printer,
                interrupts: SignalInterrupts())
            var report = try await reaper.reapExpired()
            if orphans {
                report.merge(try await reaper.sweepOrphans(regions: regions, delete: yes))
            }
            Console.out(reaper.summary(report))
            if !report.failures.isEmpty { throw ExitCode(1) }
        }
    }
}
