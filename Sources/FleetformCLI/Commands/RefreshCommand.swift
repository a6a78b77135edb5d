import ArgumentParser
import FleetformOperations

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
            let project = global.project.value
            let printer = ProgressPrinter(json: false, root: project.root)
            let editor = try StateEditor(
                project: project, target: global.target, selection: stateOptions.selection, warn: printer.warning)
            let (refreshed, drift, apiCalls) = try await editor.refresh(cloud: cloud.settings, output: printer)
            if drift.isEmpty {
                Console.out("Refreshed \(refreshed.resources.count) resources: nothing changed outside Fleetform.\n")
            } else {
                Console.out("Refreshed \(refreshed.resources.count) resources; changed outside Fleetform:\n")
                for item in drift {
                    let was = item.recorded?.description ?? "(absent)", now = item.actual?.description ?? "(absent)"
                    Console.out("  \(item.address).\(item.attribute): \(was) -> \(now)\n")
                }
            }
            if cloud.verbose { Console.error(apiCalls) }
        }
    }
}
