import ArgumentParser
import FleetformOperations

extension Fleetform {
    /// `fleetform destroy`: delete every resource of an environment.
    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every resource of a stack environment, in reverse dependency order.",
            discussion: """
                Examples:
                  fleetform destroy --stack preview --env pr-123
                  fleetform destroy --stack training --env dev --auto-approve
                  fleetform destroy --stack training --env prod --delete-retained
                Resources with preventDestroy stop the destroy before anything is deleted.
                Resources retained on destroy (a production stack's log buckets, with their
                settings) stay, in the cloud and in the state, unless --delete-retained.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var planOptions: PlanFlags
        @OptionGroup var cloud: CloudOptions
        @OptionGroup var flags: ApplyFlags

        @Flag(help: "Delete the resources retained on destroy too (a production stack's log buckets, with their logs).")
        var deleteRetained = false

        func run() async throws {
            var settings = planOptions.settings
            settings.destroy = true
            settings.deleteRetained = deleteRetained
            try await ApplyRunner(global: global, flags: flags).run(
                ApplyOperation.Request(
                    target: global.target, state: stateOptions.selection, settings: settings, cloud: cloud.settings,
                    parallelism: flags.parallelism, refresh: flags.refresh, command: "fleetform destroy"))
        }
    }
}
