import ArgumentParser
import FleetformEngine
import FleetformOperations

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
            let project = global.project.value
            let pipeline = PlanPipeline(project: project, output: ProgressPrinter(json: false, root: project.root))
            if plan {
                let prepared = try await pipeline.prepare(
                    global.target, state: stateOptions.selection, settings: PlanSettings(), cloud: nil)
                Console.out(GraphDOTRenderer().render(manifest: prepared.manifest, plan: prepared.plan))
            } else {
                let (_, manifest) = try pipeline.synthesize(global.target)
                Console.out(GraphDOTRenderer().render(manifest: manifest))
            }
        }
    }
}
