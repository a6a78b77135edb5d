import ArgumentParser

import FleetformEngine

extension Fleetform {
    /// `fleetform graph`: the dependency graph in Graphviz DOT.
    struct Graph: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the stack's dependency graph in Graphviz DOT (nodes coloured by planned action).",
            discussion: "Example: fleetform graph --stack training | dot -Tsvg > training.svg")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions

        @Flag(help: "Colour nodes by the action a plan would take.")
        var plan = false

        func run() async throws {
            if plan {
                let prepared = try await PlanPipeline.prepare(global: global, stateOptions: stateOptions, flags: PlanFlags(), cloud: nil)
                Console.out(GraphDOTRenderer().render(manifest: prepared.manifest, plan: prepared.plan))
            } else {
                let (_, manifest) = try StackLoader.synthesize(global)
                Console.out(GraphDOTRenderer().render(manifest: manifest))
            }
        }
    }
}
