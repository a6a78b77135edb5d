import ArgumentParser
import FleetformOperations

extension Fleetform {
    /// `fleetform apply`: make the cloud match the stack.
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, update and delete resources so the cloud matches the stack.",
            discussion: """
                Examples:
                  fleetform apply --stack training --env dev                 # shows the plan, asks for 'yes'
                  fleetform apply --stack training --env dev --auto-approve  # CI
                  fleetform apply training.plan                              # a saved plan, exactly
                  fleetform apply --stack preview --env pr-123 --ttl 8h --auto-approve
                Ctrl-C starts nothing new, lets the calls in flight finish, saves state and exits 130; a second
                Ctrl-C stops waiting, and the creates it abandons are looked up (and adopted) by the next run.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var planOptions: PlanFlags
        @OptionGroup var cloud: CloudOptions
        @OptionGroup var flags: ApplyFlags

        @Argument(help: ArgumentHelp("A plan saved with 'fleetform plan --out'.", valueName: "PLAN_FILE"))
        var planFile: String?

        @Option(
            help: ArgumentHelp(
                "Expire the environment after this long (e.g. 8h); 'env reap' destroys it then.", valueName: "DURATION")
        )
        var ttl: String?

        func validate() throws {
            if let ttl, DurationText.seconds(ttl) == nil {
                throw ValidationError("--ttl '\(ttl)' is not a duration; write it like 8h, 90m or 2d")
            }
            if planFile != nil,
                !planOptions.targets.isEmpty || !planOptions.replace.isEmpty || planOptions.manifest != nil
            {
                throw ValidationError(
                    "a saved plan is applied exactly as saved; drop --target, --replace and --manifest")
            }
        }

        func run() async throws {
            try await ApplyRunner(global: global, flags: flags).run(
                ApplyOperation.Request(
                    target: global.target, state: stateOptions.selection, settings: planOptions.settings,
                    cloud: cloud.settings, parallelism: flags.parallelism, refresh: flags.refresh, savedPlan: planFile,
                    ttlSeconds: ttl.flatMap(DurationText.seconds), command: "fleetform apply"))
        }
    }
}
