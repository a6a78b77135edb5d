import ArgumentParser
import FleetformEngine
import FleetformOperations

extension Fleetform {
    /// `fleetform synth`: the manifest a stack produces, as versioned JSON.
    struct Synth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the manifest (every low-level resource) a stack produces, as JSON.",
            discussion: """
                Examples:
                  fleetform synth --stack training --env dev > manifest.json
                  fleetform plan --manifest manifest.json
                Source files are recorded relative to the stack package's root.
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let project = global.project.value
            let (_, manifest) = try PlanPipeline(
                project: project, output: ProgressPrinter(json: false, root: project.root)
            )
            .synthesize(global.target)
            Console.out(String(decoding: ManifestFile.encode(manifest), as: UTF8.self) + "\n")
        }
    }
}
