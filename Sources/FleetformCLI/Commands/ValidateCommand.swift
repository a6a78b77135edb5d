import ArgumentParser
import FleetformDSL
import FleetformEngine

extension Fleetform {
    /// `fleetform validate`: synthesize and check a stack without touching state or the cloud.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a stack for mistakes; report every problem with its file and line.",
            discussion: "Example: fleetform validate --stack training --env prod")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, manifest) = try StackLoader.synthesize(global)
            // Planning against an empty state finds what only the whole graph shows: dependency
            // cycles and references to resources the stack does not declare.
            do {
                let empty = State(lineage: "", stack: manifest.stack, environment: manifest.environment)
                _ = try Planner().plan(manifest: manifest, state: empty, schemas: ResourceSchemas.table)
            } catch let error as DiagnosticsError {
                try StackLoader.report(error.diagnostics)
            }
            Console.out("Success! \(manifest.stack)/\(manifest.environment) is valid: \(manifest.resources.count) resources.\n")
        }
    }
}
