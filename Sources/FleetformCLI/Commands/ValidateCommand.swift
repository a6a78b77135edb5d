import ArgumentParser
import FleetformDSL
import FleetformEngine
import FleetformModel
import FleetformOperations

extension Fleetform {
    /// `fleetform validate`: synthesize and check a stack without touching state or the cloud.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a stack for mistakes; report every problem with its file and line.",
            discussion: "Example: fleetform validate --stack training --env prod")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = global.project.value
            let (_, manifest) = try PlanPipeline(
                project: project, output: ProgressPrinter(json: false, root: project.root)
            )
            .synthesize(global.target)
            // Planning against an empty state finds what only the whole graph shows: dependency
            // cycles and references to resources the stack does not declare.
            let empty = State(lineage: "", stack: manifest.stack, environment: manifest.environment)
            _ = try Planner().plan(manifest: manifest, state: empty, schemas: ResourceSchemas.table)
            Console.out(
                "Success! \(manifest.stack)/\(manifest.environment) is valid: \(manifest.resources.count) resources.\n")
        }
    }
}
