import ArgumentParser
import FleetformDSL
import FleetformEngine

extension Fleetform {
    /// `fleetform refresh`: bring state up to date with the cloud.
    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every resource from the cloud and record what changed outside Fleetform.",
            discussion: """
                Example: fleetform refresh --stack training --env prod
                To only look, without writing state: fleetform plan --refresh-only
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var cloud: CloudOptions

        func run() async throws {
            let workspace = try StateAccess.workspace(global, stateOptions)
            let region = allStacksByName[workspace.stack]?.region.code ?? "us-east-1"
            let provider = try cloud.provider(region: region)
            defer { PlanPipeline.Prepared.shutdownProvider(provider) }
            try await workspace.withLock(command: "fleetform refresh", timeout: cloud.lockTimeoutDuration) {
                let (state, existed) = try await workspace.load(provider: provider)
                guard existed else { throw CLIError("\(workspace.stack)/\(workspace.environment) has no state to refresh") }
                let (refreshed, drift) = try await workspace.refresh(state, provider: provider)
                try await workspace.persist(refreshed)
                if drift.isEmpty {
                    Console.out("Refreshed \(refreshed.resources.count) resources: nothing changed outside Fleetform.\n")
                } else {
                    Console.out("Refreshed \(refreshed.resources.count) resources; changed outside Fleetform:\n")
                    for item in drift {
                        let was = item.recorded?.description ?? "(absent)", now = item.actual?.description ?? "(absent)"
                        Console.out("  \(item.address).\(item.attribute): \(was) -> \(now)\n")
                    }
                }
            }
            if cloud.verbose { Console.error(provider.client.metrics.summary) }
        }
    }
}
