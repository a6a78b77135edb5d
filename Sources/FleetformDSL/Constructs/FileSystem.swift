/// A shared file system for a network's nodes: FSx for Lustre in front of an S3 bucket (objects
/// appear as files, written files go back to the bucket), mounted at boot by the pools that
/// declare `.mounts(…)`.
///
/// ```swift
/// let datasets = Bucket("datasets").versioned()
/// let scratch = FileSystem("scratch", .lustre(capacityGiB: 2400, linkedTo: datasets))
/// GPUNodePool("trainers", network: net).mounts(scratch)        // /mnt/scratch on every node
/// ```
/// It lives in the first private subnet of the network of the first pool that mounts it (or of
/// `network:`), in the network's node security group (Lustre's ports are open between nodes).
public struct FileSystem: ConfigurableConstruct {
    /// What kind of file system.
    public enum Kind: Sendable {
        /// FSx for Lustre of `capacityGiB` (1200, or a multiple of 2400), importing from and
        /// exporting to `linkedTo` (new and changed objects are imported as they appear).
        case lustre(capacityGiB: Int, linkedTo: Bucket? = nil, deployment: LustreDeployment = .scratch2)
    }

    public let name: String
    public let kind: Kind
    public let network: Network?
    public var options = ConstructOptions()
    let site: DeclarationSite

    public init(_ name: String, _ kind: Kind, network: Network? = nil, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.kind = kind
        self.network = network
        self.site = DeclarationSite(file: file, line: line)
    }

    /// The file system's address.
    public var address: ResourceAddress { site.address("aws_fsx_lustre_file_system", name) }

    /// Where the pools mount it.
    public var mountPoint: String { "/mnt/" + name }

    var identity: String { "filesystem:\(site.modulePath):\(name)@\(site.location)" }

    /// Listed on its own, it needs `network:`; otherwise the first pool that mounts it places it.
    public func expand(in context: SynthesisContext) {
        if let network {
            include(in: context, network: network)
            return
        }
        context.afterBody { [self] in
            guard !context.isExpanded(identity) else { return }
            context.error(
                "file system '\(name)' is mounted by no pool and names no network, so it has nowhere to live",
                hint: "mount it from a pool (.mounts(\(name))) or pass network: to FileSystem", at: site.location)
        }
    }

    /// Makes the file system part of the stack, once, on `network` unless it names its own.
    func include(in context: SynthesisContext, network mountingNetwork: Network) {
        guard context.firstExpansion(of: identity) else { return }
        let network = self.network ?? mountingNetwork
        network.include(in: context)
        let region = network.resolvedRegion(in: context)
        let location = site.location
        switch kind {
        case .lustre(let capacity, let bucket, let deployment):
            if capacity != 1200 && (capacity < 2400 || capacity % 2400 != 0) {
                context.error(
                    "file system '\(name)': Lustre capacity \(capacity) GiB is not 1200 or a multiple of 2400",
                    hint: "use 1200, 2400, 4800, …", at: location)
            }
            var attributes: [String: AttributeValue] = [
                "storage_capacity": .number(Double(capacity)),
                "subnet_ids": .list(Array(network.subnetIDs(in: context).prefix(1))),
                "security_group_ids": [network.securityGroupID],
                "deployment_type": .string(deployment.apiName),
            ]
            if case .persistent1(let throughput) = deployment {
                attributes["per_unit_storage_throughput"] = .number(Double(throughput))
                if ![50, 100, 200].contains(throughput) {
                    context.error(
                        "file system '\(name)': PERSISTENT_1 throughput \(throughput) MB/s per TiB is not 50, 100 or 200",
                        hint: "use .persistent1(throughputPerTiB: 50), 100 or 200", at: location)
                }
            }
            var fileSystemOptions = options
            if let bucket {
                bucket.include(in: context)
                let path = "s3://" + bucket.resolvedName(in: context)
                attributes["import_path"] = .string(path)
                attributes["export_path"] = .string(path)
                attributes["auto_import_policy"] = "NEW_CHANGED_DELETED"
                // The path is a name, not a reference: the bucket must exist first.
                fileSystemOptions.dependsOn.append(bucket.bucketAddress)
            }
            context.emit(
                context.resource(address, region: region, attributes: attributes, options: fileSystemOptions, at: location))
        }
    }

    /// A boot script that installs the Lustre client and mounts each file system, found by its
    /// ownership tags (the nodes' policy allows `fsx:DescribeFileSystems`).
    static func mountScript(_ fileSystems: [FileSystem], region: Region, in context: SynthesisContext) -> String {
        var lines = [
            "#!/bin/bash",
            "# Fleetform: mount this pool's file systems, found by their fleetform: tags.",
            "set -euo pipefail",
            "export AWS_DEFAULT_REGION=\(region.code)",
            "dnf install -y lustre-client || amazon-linux-extras install -y lustre",
        ]
        for fileSystem in fileSystems {
            let tags = [
                ("fleetform:stack", context.stackName), ("fleetform:env", context.environment.name),
                ("fleetform:address", fileSystem.address.description),
            ]
            let filter = tags.map { "Tags[?Key=='\($0.0)'&&Value=='\($0.1)']" }.joined(separator: "&&")
            lines += [
                "read -r dns mount_name < <(aws fsx describe-file-systems --output text "
                    + "--query \"FileSystems[?\(filter)]|[0].[DNSName,LustreConfiguration.MountName]\")",
                "mkdir -p \(fileSystem.mountPoint)",
                "mount -t lustre -o relatime,flock \"$dns@tcp:/$mount_name\" \(fileSystem.mountPoint)",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// FSx for Lustre deployment types that can link a bucket at creation.
public enum LustreDeployment: Hashable, Sendable {
    /// Temporary storage, no replication: the cheapest, for scratch data that lives in S3.
    case scratch2
    /// Replicated within the zone, with a throughput of 50, 100 or 200 MB/s per TiB.
    case persistent1(throughputPerTiB: Int)

    var apiName: String {
        switch self {
        case .scratch2: return "SCRATCH_2"
        case .persistent1: return "PERSISTENT_1"
        }
    }
}
