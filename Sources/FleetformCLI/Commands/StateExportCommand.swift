import ArgumentParser
import FleetformOperations
import Foundation

/// `fleetform state export --terraform`: the state as a Terraform state.
struct StateExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the state as a Terraform state (format 4); the Fleetform state is only read.",
        discussion: """
            With the configuration of 'fleetform export terraform' for the same stack and environment, \
            'terraform plan' then shows no changes.
            Example: fleetform state export --stack training --env prod --terraform --out infra/terraform/terraform.tfstate
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Flag(help: "Write Terraform's state format (the only format there is to export to).")
    var terraform = false

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var out: String?

    func validate() throws {
        guard terraform else { throw ValidationError("say which format: --terraform") }
    }

    func run() async throws {
        let bytes = try await StateAccess.editor(global, stateOptions).exportTerraform()
        guard let out else { return Console.out(String(decoding: bytes, as: UTF8.self)) }
        let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw OperationError("cannot write \(out): the directory \(directory) does not exist; make it first")
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw OperationError("cannot write \(out): \(error.localizedDescription)")
        }
        Console.out("Wrote the Terraform state to \(out).\n")
    }
}
