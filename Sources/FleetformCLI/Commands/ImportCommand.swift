import ArgumentParser
import FleetformModel
import FleetformOperations

extension Fleetform {
    /// `fleetform import ADDR ID`: adopt an existing cloud resource into state; `fleetform import
    /// --from-terraform FILE`: adopt everything a Terraform state manages.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Adopt an existing resource (by its cloud id), or what a Terraform state manages, at the stack's addresses.",
            discussion: """
                Example: fleetform import --stack training --env prod aws_s3_bucket.datasets my-existing-bucket
                From Terraform: fleetform import --stack training --env prod --from-terraform terraform.tfstate \
                [--map 'aws_s3_bucket.data=aws_s3_bucket.datasets'] [--dry-run]
                Terraform's resources match the stack's by module, type, name and key (index 0 matches key "0"); \
                each is read from the cloud into a new state. The Terraform state is never modified.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var cloud: CloudOptions

        @Argument(help: "The address in the stack.")
        var address: String?

        @Argument(help: "The resource's id in the cloud (VPC id, bucket name, group name, …).")
        var id: String?

        @Option(
            name: .customLong("from-terraform"),
            help: ArgumentHelp(
                "Adopt every resource this Terraform state (format 4) manages.", valueName: "FILE.tfstate"))
        var terraformState: String?

        @Option(
            name: .customLong("map"),
            help: ArgumentHelp(
                "With --from-terraform: a renamed resource, Terraform's address = the stack's (repeatable).",
                valueName: "TF_ADDR=FLEETFORM_ADDR"))
        var renames: [String] = []

        @Flag(help: "With --from-terraform: print the mapping only; read and write nothing.")
        var dryRun = false

        func validate() throws {
            if terraformState != nil {
                if address != nil || id != nil {
                    throw ValidationError("give either ADDR ID or --from-terraform FILE, not both")
                }
                _ = try mapping
            } else {
                guard address != nil, id != nil else {
                    throw ValidationError("give the address and the cloud id (ADDR ID), or --from-terraform FILE")
                }
                if !renames.isEmpty || dryRun { throw ValidationError("--map and --dry-run go with --from-terraform") }
            }
        }

        /// `--map` as Terraform address → stack address.
        private var mapping: [String: ResourceAddress] {
            get throws {
                var result: [String: ResourceAddress] = [:]
                for pair in renames {
                    guard let equals = pair.lastIndex(of: "=") else {
                        throw ValidationError("--map '\(pair)' is not TF_ADDR=FLEETFORM_ADDR")
                    }
                    let source = String(pair[..<equals])
                    guard !source.isEmpty, result[source] == nil else {
                        throw ValidationError("--map '\(pair)': give each Terraform address once")
                    }
                    result[source] = try AddressArgument.parse(String(pair[pair.index(after: equals)...]))
                }
                return result
            }
        }

        func run() async throws {
            let project = global.project.value
            let printer = ProgressPrinter(json: false, root: project.root)
            if let terraformState {
                let report = try await TerraformImport(project: project, output: printer).run(
                    file: terraformState, target: global.target, selection: stateOptions.selection,
                    renames: try mapping, dryRun: dryRun, cloud: cloud.settings)
                Console.out(report.mapping.render())
                if !report.written {
                    Console.out("Dry run: nothing was read from the cloud or written.\n")
                    return
                }
                Console.out(
                    "Imported \(report.mapping.matched.count) resources into \(report.location) (lineage \(report.lineage)); "
                        + "\(terraformState) was not changed.\n"
                        + "Run 'fleetform plan' to see what the next apply changes (the fleetform: ownership tags, at least, "
                        + "on resources Terraform made).\n")
                if cloud.verbose { Console.out("API calls: \(report.apiCalls)\n") }
                return
            }
            guard let address, let id else { return }
            let target = try AddressArgument.parse(address)
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
