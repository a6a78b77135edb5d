import FleetformAWS
import FleetformDSL
import FleetformEngine
import FleetformModel
import Foundation

/// `fleetform import --from-terraform FILE.tfstate`: adopts what a Terraform state (format 4)
/// manages into a stack environment. Terraform's resources are matched to the stack's addresses
/// by module, type, name and key (a number index matches the key of its digits), or by
/// `--map TF_ADDR=FLEETFORM_ADDR` for renamed ones; each match is read from the cloud (in bulk,
/// per type and region) and recorded in a new Fleetform state. The Terraform state is only read.
///
/// The resources keep what Terraform gave them; the next `apply` brings them to the stack's
/// declaration, adding the `fleetform:` ownership tags.
///
/// ```swift
/// let report = try await TerraformImport(project: project, output: output)
///     .run(file: "terraform.tfstate", target: target, selection: StateSelection(), renames: [:], dryRun: false, cloud: CloudSettings())
/// ```
public struct TerraformImport: Sendable {
    /// How Terraform's resources line up with the stack's.
    public struct Mapping: Hashable, Sendable {
        /// A Terraform resource adopted at a stack address.
        public struct Match: Hashable, Sendable {
            /// Terraform's address (`aws_subnet.core["us-east-1a"]`).
            public var terraform: String
            public var address: ResourceAddress
            /// The cloud id Fleetform reads it by.
            public var id: String
            /// Matched through `--map` rather than by name.
            public var renamed: Bool
        }

        public var matched: [Match]
        /// Declared by the stack but not in the Terraform state: the next apply creates them.
        public var declaredOnly: [ResourceAddress]
        /// In the Terraform state but not declared by the stack: Fleetform leaves them alone.
        public var terraformOnly: [String]
    }

    /// What an import did.
    public struct Report: Sendable {
        public var mapping: Mapping
        /// Whether the state was written (false for a dry run).
        public var written: Bool
        /// The new state's lineage (empty for a dry run).
        public var lineage: String
        /// Where the state went.
        public var location: String
        /// The AWS API calls made.
        public var apiCalls: String
    }

    public var project: Project
    public var output: any OperationOutput

    /// An import over `project`'s stacks.
    public init(project: Project, output: any OperationOutput) {
        self.project = project
        self.output = output
    }

    /// Matches Terraform's instances to `manifest`'s addresses. `renames` maps Terraform addresses
    /// (as Terraform prints them) to stack addresses. Pure.
    public static func mapping(
        _ terraform: TerraformState, manifest: Manifest, renames: [String: ResourceAddress]
    ) throws -> Mapping {
        let declared = manifest.resourcesByAddress
        let instances = terraform.instances
        let known = Set(instances.map(\.address))
        for (source, target) in renames.sorted(by: { $0.key < $1.key }) {
            guard known.contains(source) else {
                throw OperationError(
                    "--map \(source)=\(target): the Terraform state has no \(source); 'terraform state list' shows its addresses"
                )
            }
            guard declared[target] != nil else {
                throw OperationError(
                    "--map \(source)=\(target): the stack declares no \(target); 'fleetform synth' lists its addresses")
            }
        }
        var matched: [Mapping.Match] = []
        var taken: [ResourceAddress: String] = [:]
        var terraformOnly: [String] = []
        for instance in instances {
            let renamed = renames[instance.address]
            let address = renamed ?? instance.fleetformAddress
            guard instance.resource.provider.contains("hashicorp/aws"), let resource = declared[address] else {
                terraformOnly.append(instance.address)
                continue
            }
            guard resource.type == instance.resource.type else {
                throw OperationError(
                    "--map \(instance.address)=\(address): a \(instance.resource.type) cannot become a \(resource.type)"
                )
            }
            if let other = taken[address] {
                throw OperationError(
                    "both \(other) and \(instance.address) of the Terraform state map to \(address); map one elsewhere with --map"
                )
            }
            guard
                let id = AWSResourceCatalog.cloudID(
                    type: resource.type, terraformAttributes: instance.instance.attributes)
            else {
                throw OperationError(
                    "\(instance.address) has no id in the Terraform state; run 'terraform refresh' and import again")
            }
            taken[address] = instance.address
            matched.append(
                Mapping.Match(terraform: instance.address, address: address, id: id, renamed: renamed != nil))
        }
        let declaredOnly = manifest.resources.map(\.address).filter { taken[$0] == nil }
        return Mapping(matched: matched, declaredOnly: declaredOnly, terraformOnly: terraformOnly)
    }

    /// Reads `file`, maps it onto `target`'s stack and, unless `dryRun`, reads every match from
    /// the cloud and writes the environment's state. Refuses an environment whose state already
    /// records resources.
    public func run(
        file: String, target: StackTarget, selection: StateSelection, renames: [String: ResourceAddress], dryRun: Bool,
        cloud: CloudSettings
    ) async throws -> Report {
        guard
            let bytes = FileManager.default.contents(
                atPath: file.hasPrefix("/") ? file : project.workingDirectory + "/" + file)
        else { throw OperationError("cannot read \(file); check the path") }
        let terraform: TerraformState
        do {
            terraform = try TerraformState.decode(Array(bytes), file: file)
        } catch {
            throw OperationError("\(error)")
        }
        let pipeline = PlanPipeline(project: project, output: output)
        let (stack, manifest) = try pipeline.synthesize(target)
        let mapping = try Self.mapping(terraform, manifest: manifest, renames: renames)
        let workspace = try pipeline.workspace(
            stack: stack, stackName: manifest.stack, environment: manifest.environment, state: selection)
        let location = workspace.backend.location(stack: manifest.stack, environment: manifest.environment)
        guard !dryRun else {
            return Report(mapping: mapping, written: false, lineage: "", location: location, apiCalls: "")
        }

        let byTerraform = Dictionary(
            terraform.instances.map { ($0.address, $0.instance.attributes) }, uniquingKeysWith: { first, _ in first })
        let declared = manifest.resourcesByAddress
        // Terraform's values of the matched resources, by stack address: what references resolve to.
        var values: [ResourceAddress: [String: AttributeValue]] = [:]
        for match in mapping.matched { values[match.address] = byTerraform[match.terraform] }
        let placeholders = mapping.matched.compactMap { match -> ResourceState? in
            // The mapping matches only addresses the manifest declares.
            guard let resource = declared[match.address] else { return nil }
            // The declaration stands in as the prior, so values the cloud reports in another form
            // (policy formatting, list order) and the ownership tags it carries read as declared.
            let prior = resource.attributes.mapValues { value in
                value.resolvingReferences { values[$0.address]?[$0.attribute] ?? .unknown }
            }
            return ResourceState(address: match.address, provider: resource.provider, id: match.id, attributes: prior)
        }
        return try await cloud.withProvider(region: manifest.region, in: project) { provider in
            try await workspace.withLock(command: "fleetform import --from-terraform", timeout: cloud.lockTimeout) {
                let (existing, existed) = try await workspace.load(provider: provider, events: { output.event($0) })
                if existed, !existing.resources.isEmpty {
                    throw OperationError(
                        "\(manifest.stack)/\(manifest.environment) already has a state with \(existing.resources.count) resources at \(location); import --from-terraform starts an environment's state: use a new --env, or destroy (or 'state rm') what it records first"
                    )
                }
                let read = try await provider.read(placeholders)
                let missing = placeholders.filter { (read[$0.address] ?? nil) == nil }
                guard missing.isEmpty else {
                    let list = missing.map { "\($0.address) (\($0.id) in \($0.provider.region))" }.joined(
                        separator: ", ")
                    throw OperationError(
                        "not found in the cloud: \(list); the Terraform state is out of date (run 'terraform refresh'), or the resources live in another account or region; nothing was written"
                    )
                }
                // A new lineage (or the one of an empty state already there): this history starts here.
                var state = existing
                state.metadata.isProduction = manifest.isProduction
                for placeholder in placeholders {
                    guard var resource = read[placeholder.address] ?? nil,
                        let resourceDeclaration = declared[placeholder.address]
                    else { continue }
                    resource.dependencies = resourceDeclaration.allDependencies
                    resource.lifecycle = resourceDeclaration.lifecycle
                    resource.sensitive = resourceDeclaration.sensitive
                    resource.usage = resourceDeclaration.usage
                    state.resources[placeholder.address] = resource
                }
                let written = try await workspace.persist(state)
                return Report(
                    mapping: mapping, written: true, lineage: written.lineage, location: location,
                    apiCalls: provider.client.metrics.summary)
            }
        }
    }
}
