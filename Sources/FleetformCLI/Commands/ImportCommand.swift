import ArgumentParser
import FleetformModel
import FleetformOperations

extension Fleetform {
    /// `fleetform import ADDR ID`: adopt an existing cloud resource into state.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adopt an existing resource (by its cloud id) at an address the stack declares.",
            discussion:
                "Example: fleetform import --stack training --env prod aws_s3_bucket.datasets my-existing-bucket")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var cloud: CloudOptions

        @Argument(help: "The address in the stack.")
        var address: String

        @Argument(help: "The resource's id in the cloud (VPC id, bucket name, group name, …).")
        var id: String

        func run() async throws {
            let target = try AddressArgument.parse(address)
            let project = global.project.value
            let printer = ProgressPrinter(json: false, root: project.root)
            let (_, manifest) = try PlanPipeline(project: project, output: printer).synthesize(global.target)
            let editor = try StateEditor(
                project: project, target: global.target, selection: stateOptions.selection, warn: printer.warning)
            try await editor.importResource(target, id: id, manifest: manifest, cloud: cloud.settings, output: printer)
            Console.out(
                "Imported \(id) as \(target). Run 'fleetform plan' to see how it differs from the declaration.\n")
        }
    }
}

/// Parses resource address arguments.
enum AddressArgument {
    static func parse(_ text: String) throws -> ResourceAddress {
        guard let address = ResourceAddress(parsing: text) else {
            throw ValidationError(
                "'\(text)' is not a resource address (expected TYPE.NAME, module.M.TYPE.NAME or TYPE.NAME[\"KEY\"])")
        }
        return address
    }
}
