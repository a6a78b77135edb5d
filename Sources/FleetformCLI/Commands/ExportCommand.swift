import ArgumentParser
import FleetformOperations

extension Fleetform {
    /// `fleetform export …`: a stack environment in another tool's format.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a stack environment in another tool's format (terraform).",
            subcommands: [ExportTerraform.self])
    }
}

/// `fleetform export terraform`: Terraform JSON configuration of a stack environment.
struct ExportTerraform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terraform",
        abstract: "Write the stack as Terraform JSON configuration for the hashicorp/aws provider.",
        discussion: """
            One provider alias per region, every resource at its Fleetform address (keys through for_each, \
            modules as module directories), references as interpolations, depends_on and lifecycle flags, \
            and the expiry tag the environment's state records. With 'fleetform state export --terraform' \
            it is a way out to Terraform.
            Example: fleetform export terraform --stack training --env prod --out infra/terraform
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Option(help: ArgumentHelp("The directory to write (made if missing).", valueName: "DIR"))
    var out: String

    @Flag(help: "Write even if the directory holds Terraform files Fleetform did not write.")
    var force = false

    func run() async throws {
        let project = global.project.value
        let printer = ProgressPrinter(json: false, root: project.root)
        let report = try await TerraformExport(project: project, output: printer).run(
            global.target, state: stateOptions.selection, to: out, force: force)
        Console.out(
            "Wrote \(report.files.count) file\(report.files.count == 1 ? "" : "s") to \(report.directory): "
                + "\(report.resources) resources in \(report.regions.joined(separator: ", ")).\n"
                + "Next: cd \(report.directory) && terraform init && terraform validate\n")
    }
}
