import ArgumentParser
import FleetformCost
import FleetformEngine
import FleetformModel
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform env list`: every environment with a state, its age, expiry, size and running cost.
    struct EnvList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract:
                "List the environments that have a state: created, last applied, expiry, resources, cost per hour.",
            discussion: """
                Examples:
                  fleetform env list --stack preview
                  fleetform env list --json
                Cost per hour prices the resources the state records with the price catalog (see 'fleetform cost').
                """)

        @Option(help: "Only this stack (default: every stack).")
        var stack: String?

        @OptionGroup var stateOptions: StateOptions

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @Option(
            name: .customLong("price-catalog"),
            help: ArgumentHelp(
                "Price with this catalog file instead of the cache or the bundled snapshot.", valueName: "FILE"))
        var priceCatalog: String?

        @OptionGroup var project: ProjectOptions

        func run() async throws {
            let scope = EnvironmentScope(
                project: project.value, selection: stateOptions.selection, stack: stack, warn: { Console.error($0) })
            let listing = try await EnvironmentListing(scope: scope, catalog: try CatalogLoader.load(priceCatalog))
            if json {
                Console.out(listing.json() + "\n")
            } else if listing.rows.isEmpty {
                Console.out("No environments" + (stack.map { " of stack \($0)" } ?? "") + " have a state.\n")
            } else {
                Console.out(listing.table())
            }
        }
    }
}
