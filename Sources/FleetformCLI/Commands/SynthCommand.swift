import ArgumentParser
import FleetformEngine

extension Fleetform {
    /// `fleetform synth`: the manifest a stack produces, as versioned JSON.
    struct Synth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the manifest (every low-level resource) a stack produces, as JSON.",
            discussion: """
                Examples:
                  fleetform synth --stack training --env dev > manifest.json
                  fleetform plan --manifest manifest.json
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, manifest) = try StackLoader.synthesize(global)
            Console.out(String(decoding: ManifestFile.encode(manifest), as: UTF8.self) + "\n")
        }
    }
}
