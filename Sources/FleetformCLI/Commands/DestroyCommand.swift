import ArgumentParser

extension Fleetform {
    /// `fleetform destroy`: delete every resource of an environment.
    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every resource of a stack environment, in reverse dependency order.",
            discussion: """
                Examples:
                  fleetform destroy --stack preview --env pr-123
                  fleetform destroy --stack training --env dev --auto-approve
                Resources with preventDestroy stop the destroy before anything is deleted.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var planOptions: PlanFlags
        @OptionGroup var cloud: CloudOptions
        @OptionGroup var flags: ApplyFlags

        func run() async throws {
            var planFlags = planOptions
            planFlags.destroy = true
            try await ApplyDriver.run(.init(
                global: global, stateOptions: stateOptions, planFlags: planFlags, cloud: cloud, flags: flags,
                savedPlan: nil, ttlSeconds: nil, command: "fleetform destroy"))
        }
    }
}
