import FleetformAWS
import FleetformEngine
import FleetformModel
import Foundation

/// `fleetform export terraform`: a stack environment as Terraform JSON configuration for the
/// hashicorp/aws provider (`TerraformConfiguration`), written to a directory: `main.tf.json`,
/// and `modules/NAME/main.tf.json` per module. The stack is synthesized and validated first, so
/// what is exported conforms to the provider's schema; an expiry the environment's state records
/// is carried as the `fleetform:expires-at` tag apply gives every resource.
///
/// ```swift
/// let report = try await TerraformExport(project: project, output: output)
///     .run(target, state: StateSelection(), to: "out/training")
/// ```
public struct TerraformExport: Sendable {
    /// What was written.
    public struct Report: Sendable {
        /// The directory, as given.
        public var directory: String
        /// The files written, relative to it.
        public var files: [String]
        /// How many resources, and in which regions.
        public var resources: Int
        public var regions: [String]
    }

    public var project: Project
    public var output: any OperationOutput

    /// An export over `project`'s stacks, reporting warnings to `output`.
    public init(project: Project, output: any OperationOutput) {
        self.project = project
        self.output = output
    }

    /// Writes the configuration of `target` (its state from `selection`) to `directory` (made if
    /// missing). A directory holding Terraform files that are not an earlier export is refused
    /// unless `force`.
    public func run(_ target: StackTarget, state selection: StateSelection, to directory: String, force: Bool = false)
        async throws -> Report
    {
        let pipeline = PlanPipeline(project: project, output: output)
        let (stack, synthesized) = try pipeline.synthesize(target)
        let workspace = try pipeline.workspace(
            stack: stack, stackName: synthesized.stack, environment: synthesized.environment, state: selection)
        let state = try await workspace.backend.read(stack: synthesized.stack, environment: synthesized.environment)
        let manifest = ExpiryTags.applying(state?.metadata.expiresAt, to: synthesized)
        let files: [TerraformConfiguration.File]
        do {
            files = try TerraformConfiguration(manifest: manifest, schema: AWSProviderSchema.schema).files()
        } catch {
            throw OperationError("\(error)")
        }
        let path = resolved(directory)
        if !force { try checkWritable(path, shown: directory) }
        for file in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url, options: .atomic)
            } catch {
                throw OperationError("cannot write \(directory)/\(file.path): \(error.localizedDescription)")
            }
        }
        return Report(
            directory: directory, files: files.map(\.path), resources: manifest.resources.count,
            regions: Set(manifest.resources.map(\.provider.region)).sorted())
    }

    private func resolved(_ directory: String) -> String {
        directory.hasPrefix("/") ? directory : project.workingDirectory + "/" + directory
    }

    /// Refuses a directory with Terraform files of its own: an export must not mix with them.
    private func checkWritable(_ path: String, shown: String) throws {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for entry in entries.sorted() where entry.hasSuffix(".tf") || entry.hasSuffix(".tf.json") {
            if entry == TerraformConfiguration.fileName,
                let data = FileManager.default.contents(atPath: path + "/" + entry),
                String(decoding: data, as: UTF8.self).contains(TerraformConfiguration.marker)
            {
                continue
            }
            throw OperationError(
                "\(shown) already holds Terraform configuration (\(entry)) that Fleetform did not write; export to an empty directory, or pass --force to write beside it"
            )
        }
    }
}
