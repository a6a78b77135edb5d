import ArgumentParser

@main
struct Fleetform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleetform",
        abstract: "Infrastructure as code for ML platforms: plan, apply and price GPU capacity.",
        version: "0.1.0",
        subcommands: [
            Stacks.self, Validate.self, Synth.self, Plan.self, Apply.self, Destroy.self, Refresh.self, Import.self,
            StateGroup.self, Env.self, Graph.self, Cost.self, Pricing.self, InstanceTypes.self, Forecast.self,
            Recommend.self,
        ]
    )
}
