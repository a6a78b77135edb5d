import ArgumentParser
import FleetformDSL

extension Fleetform {
    /// `fleetform validate`: synthesize and check a stack without touching state or the cloud.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a stack for mistakes; report every problem with its file and line.",
            discussion: "Example: fleetform validate --stack training --env prod")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, manifest) = try StackLoader.synthesize(global)
            Console.out("Success! \(manifest.stack)/\(manifest.environment) is valid: \(manifest.resources.count) resources.\n")
        }
    }
}
