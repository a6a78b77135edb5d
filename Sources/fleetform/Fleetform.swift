import ArgumentParser

@main
struct Fleetform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleetform",
        abstract: "Infrastructure as code for ML platforms.",
        subcommands: [Forecast.self]
    )
}
