import FleetformTestSupport
import Foundation

/// The real `terraform` with the real hashicorp/aws provider, offline, in a temporary working
/// directory that `remove()` deletes (its `.terraform` plugin directory with it). Tests that need
/// it fail, saying what to install, when `terraform` or the provider mirror is missing; they never
/// skip.
///
/// The provider comes from the Terraform CLI configuration `TF_CLI_CONFIG_FILE` names when that file
/// exists, else from a filesystem mirror (`FLEETFORM_TF_PLUGIN_DIR`, default `/opt/tf-plugins`).
struct TerraformCLI {
    /// The working directory (configuration, state, `.terraform`).
    let directory: URL
    let executable: URL
    /// Added to the environment of every run (moto's endpoint and keys, for instance).
    var environment: [String: String]
    private let configFile: String

    /// A working directory under the system's temporary directory, and the CLI found on `PATH`.
    init(environment: [String: String] = [:]) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard
            let found = path.split(separator: ":").map({
                URL(fileURLWithPath: String($0)).appendingPathComponent("terraform")
            })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else {
            throw HarnessError(
                "terraform is not on PATH: these tests check Fleetform's Terraform export and state against the real "
                    + "hashicorp/aws provider; install Terraform 1.11 (https://developer.hashicorp.com/terraform/install) "
                    + "and an offline mirror of hashicorp/aws 5.100.0 (see TerraformCLI.swift)")
        }
        executable = found
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetform-tf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.environment = environment
        let named = ProcessInfo.processInfo.environment["TF_CLI_CONFIG_FILE"] ?? ""
        if !named.isEmpty, FileManager.default.fileExists(atPath: named) {
            configFile = named
        } else {
            let mirror = ProcessInfo.processInfo.environment["FLEETFORM_TF_PLUGIN_DIR"] ?? "/opt/tf-plugins"
            guard FileManager.default.fileExists(atPath: mirror + "/registry.terraform.io/hashicorp/aws") else {
                try? FileManager.default.removeItem(at: directory)
                throw HarnessError(
                    "no offline hashicorp/aws provider: \(mirror) has no registry.terraform.io/hashicorp/aws; point "
                        + "FLEETFORM_TF_PLUGIN_DIR at a filesystem mirror (terraform providers mirror DIR) or "
                        + "TF_CLI_CONFIG_FILE at a CLI configuration that provides it")
            }
            configFile = directory.appendingPathComponent(".terraformrc").path
            try "provider_installation {\n  filesystem_mirror {\n    path = \"\(mirror)\"\n  }\n}\n".write(
                toFile: configFile, atomically: true, encoding: .utf8)
        }
    }

    /// Runs `terraform args…` in `directory` (default: the working directory); kills it after `timeout`.
    func run(_ args: [String], in directory: URL? = nil, timeout: Double = 300) throws -> CLIRunner.Result {
        var env = environment
        env["TF_CLI_CONFIG_FILE"] = configFile
        env["TF_IN_AUTOMATION"] = "1"
        env["CHECKPOINT_DISABLE"] = "1"
        env["TF_INPUT"] = "0"
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = directory ?? self.directory
        var merged = ProcessInfo.processInfo.environment
        for key in merged.keys where key.hasPrefix("AWS_") || key.hasPrefix("TF_") { merged[key] = nil }
        merged.merge(env) { _, new in new }
        process.environment = merged
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = PipeDrain(err.fileHandleForReading)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return CLIRunner.Result(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors.wait(), as: UTF8.self))
    }

    /// Writes `text` to `name` in the working directory (or under it).
    func write(_ text: String, to name: String) throws {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// An override file pointing Terraform's provider configurations (one alias per region, as
    /// `fleetform export terraform` writes them) at moto: no credential or account look-up,
    /// path-style S3. `ignoringLaunchTemplateTags` names launch templates whose
    /// `tag_specifications` Terraform should not compare: moto copies a template's own tags
    /// (CreateLaunchTemplate's TagSpecification) into its launch data, which AWS does not, so
    /// Terraform itself finds a difference right after its own apply on moto. `unreportedByMoto`
    /// names resources (`type.name`) whose `motoUnreported` arguments Terraform should not compare.
    static func motoOverride(
        regions: [String], ignoringLaunchTemplateTags templates: [String] = [],
        unreportedByMoto addresses: [String] = []
    ) -> String {
        let providers = regions.map { region in
            #"{"alias": "\#(region)", "skip_credentials_validation": true, "skip_requesting_account_id": true, "#
                + #""skip_metadata_api_check": true, "s3_use_path_style": true}"#
        }
        var ignored: [String: [String: [String]]] = [:]
        for template in templates { ignored["aws_launch_template", default: [:]][template] = ["tag_specifications"] }
        for address in addresses {
            let parts = address.split(separator: ".", maxSplits: 1).map(String.init)
            ignored[parts[0], default: [:]][parts[1]] = motoUnreported[parts[0]] ?? []
        }
        let resources = ignored.sorted { $0.key < $1.key }.map { type, names in
            let entries = names.sorted { $0.key < $1.key }.map { name, attributes in
                let list = attributes.map { "\"\($0)\"" }.joined(separator: ", ")
                return #""\#(name)": {"lifecycle": {"ignore_changes": [\#(list)]}}"#
            }
            return "\"\(type)\": {\(entries.joined(separator: ", "))}"
        }
        let resource = resources.isEmpty ? "" : #", "resource": {\#(resources.joined(separator: ", "))}"#
        return #"{"provider": {"aws": [\#(providers.joined(separator: ", "))]}\#(resource)}"# + "\n"
    }

    /// Arguments moto 5.2.1 does not report the way AWS does, per type, so that the provider's
    /// refresh would find a difference (one forcing a replacement) where AWS shows none.
    static let motoUnreported: [String: [String]] = [
        // CreateNatGateway without ConnectivityType stores none (AWS reports "public").
        "aws_nat_gateway": ["connectivity_type"],
        // DescribeFileSystems echoes the create's LustreConfiguration: the S3 link is not under
        // DataRepositoryConfiguration, and StorageType or DataCompressionType only if they were sent.
        "aws_fsx_lustre_file_system": [
            "storage_type", "data_compression_type", "import_path", "export_path", "auto_import_policy",
        ],
    ]

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
