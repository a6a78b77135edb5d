import ArgumentParser
import FleetformDSL
import FleetformEngine

extension Fleetform {
    /// `fleetform import ADDR ID`: adopt an existing cloud resource into state.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adopt an existing resource (by its cloud id) at an address the stack declares.",
            discussion: "Example: fleetform import --stack training --env prod aws_s3_bucket.datasets my-existing-bucket")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var cloud: CloudOptions

        @Argument(help: "The address in the stack.")
        var address: String

        @Argument(help: "The resource's id in the cloud (VPC id, bucket name, group name, …).")
        var id: String

        func run() async throws {
            let target = try StateAccess.address(address)
            let (_, manifest) = try StackLoader.synthesize(global)
            guard let declared = manifest.resourcesByAddress[target] else {
                throw CLIError("\(target) is not declared by \(manifest.stack)/\(manifest.environment); declare it first so Fleetform knows its desired attributes")
            }
            let workspace = try PlanPipeline.workspace(
                stack: allStacksByName[manifest.stack], stackName: manifest.stack, environment: manifest.environment, stateOptions: stateOptions)
            let provider = try cloud.provider(region: manifest.region)
            defer { PlanPipeline.Prepared.shutdownProvider(provider) }
            try await workspace.withLock(command: "fleetform import", timeout: cloud.lockTimeoutDuration) {
                var (state, _) = try await workspace.load(provider: provider)
                guard state.resources[target] == nil else {
                    throw CLIError("\(target) is already in state (id \(state.resources[target]!.id)); 'fleetform state rm' it first to import another")
                }
                var imported = try await provider.importResource(address: target, provider: declared.provider, id: id)
                imported.dependencies = declared.allDependencies
                imported.lifecycle = declared.lifecycle
                imported.sensitive = declared.sensitive
                imported.usage = declared.usage
                state.resources[target] = imported
                try await workspace.persist(state)
            }
            Console.out("Imported \(id) as \(target). Run 'fleetform plan' to see how it differs from the declaration.\n")
        }
    }
}
