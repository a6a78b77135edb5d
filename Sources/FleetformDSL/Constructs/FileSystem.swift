/// A shared file system for a network's nodes, mounted at boot by the pools that declare
/// `.mounts(…)`: FSx for Lustre in front of an S3 bucket (objects appear as files, written files
/// go back to the bucket), or EFS (NFS, elastic, shared by every zone).
///
/// ```swift
/// let datasets = Bucket("datasets").versioned()
/// let scratch = FileSystem("scratch", .lustre(capacityGiB: 2400, linkedTo: datasets))
/// let home = FileSystem("home", .efs()).usage(storedGigabytes: 500)
/// GPUNodePool("trainers", network: net).mounts(scratch, home)   // /mnt/scratch, /mnt/home
/// ```
/// It lives in the network of the first pool that mounts it (or in `network:`), in the network's
/// node security group (Lustre's and NFS's ports are open between nodes): Lustre in the first
/// private subnet, EFS with a mount target in every private subnet.
public struct FileSystem: ConfigurableConstruct {
    /// What kind of file system.
    public enum Kind: Sendable {
        /// FSx for Lustre of `capacityGiB` (1200, or a multiple of 2400), importing from and
        /// exporting to `linkedTo` (new and changed objects are imported as they appear).
        case lustre(capacityGiB: Int, linkedTo: Bucket? = nil, deployment: LustreDeployment = .scratch2)
        /// EFS: encrypted, general purpose, elastic throughput (`.bursting` for the older mode).
        case efs(throughput: EFSThroughput = .elastic)
    }

    /// The construct's name: the `NAME` of its resources' addresses and the mount point `/mnt/NAME`.
    public let name: String
    /// Lustre or EFS, with their settings.
    public let kind: Kind
    /// The network it lives in; nil places it in the network of the first pool that mounts it.
    public let network: Network?
    /// Usage hint for cost (EFS): gigabytes stored.
    public var storedGigabytes: Double?
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    let site: DeclarationSite

    /// A file system named `name` of `kind`, in `network` or, when nil, in the network of the first
    /// pool that mounts it. `file` and `line` record where it was declared (for diagnostics); leave them out.
    public init(_ name: String, _ kind: Kind, network: Network? = nil, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.kind = kind
        self.network = network
        self.site = DeclarationSite(file: file, line: line)
    }

    /// Usage hint for cost (EFS is billed by what it stores): gigabytes stored:
    /// `FileSystem("home", .efs()).usage(storedGigabytes: 500)`.
    public func usage(storedGigabytes: Double) -> FileSystem {
        var copy = self
        copy.storedGigabytes = storedGigabytes
        return copy
    }

    /// The file system's address.
    public var address: ResourceAddress {
        switch kind {
        case .lustre: return site.address("aws_fsx_lustre_file_system", name)
        case .efs: return site.address("aws_efs_file_system", name)
        }
    }

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
                if let key = bucket.stackKey(in: context) {
                    key.grant(
                        Self.lustreGrant(bucket: bucket.resolvedName(in: context), region: region), context: context)
                    fileSystemOptions.dependsOn.append(key.policy)
                }
            }
            context.emit(
                context.resource(
                    address, region: region, attributes: attributes, options: fileSystemOptions, at: location))
        case .efs(let throughput):
            var usage: [String: Double] = [:]
            if let storedGigabytes { usage["stored_gb"] = storedGigabytes }
            context.emit(
                context.resource(
                    address, region: region,
                    attributes: [
                        "creation_token": .string(context.physicalName(for: address, maxLength: 64)),
                        "encrypted": true, "performance_mode": "generalPurpose",
                        "throughput_mode": .string(throughput.rawValue),
                    ], options: options, at: location, usage: usage))
            for (zone, subnet) in zip(network.zones(in: context), network.subnetIDs(in: context)) {
                context.emit(
                    context.resource(
                        site.address("aws_efs_mount_target", name, key: zone), region: region,
                        attributes: [
                            "file_system_id": .reference(ResourceReference(address, "id")), "subnet_id": subnet,
                            "security_groups": [network.securityGroupID],
                        ], options: options, at: location, taggable: false))
            }
        }
    }

    /// The addresses a mounting pool waits for: the file system and, for EFS, its mount targets.
    func readyAddresses(in context: SynthesisContext, network mountingNetwork: Network) -> [ResourceAddress] {
        guard case .efs = kind else { return [address] }
        let network = self.network ?? mountingNetwork
        return [address] + network.zones(in: context).map { site.address("aws_efs_mount_target", name, key: $0) }
    }

    /// A boot script that installs the Lustre client and mounts each file system, found by its
    /// ownership tags (the nodes' policy allows `fsx:DescribeFileSystems`).
    static func mountScript(_ fileSystems: [FileSystem], region: Region, in context: SynthesisContext) -> String {
        var lines = [
            "#!/bin/bash",
            "# Fleetform: mount this pool's file systems, found by their fleetform: tags.",
            "set -euo pipefail",
            "export AWS_DEFAULT_REGION=\(region.code)",
        ]
        let lustre = fileSystems.filter { if case .lustre = $0.kind { return true } else { return false } }
        if !lustre.isEmpty { lines.append("dnf install -y lustre-client || amazon-linux-extras install -y lustre") }
        if lustre.count < fileSystems.count { lines.append("dnf install -y nfs-utils || yum install -y nfs-utils") }
        for fileSystem in fileSystems {
            let tags = [
                (OwnershipTags.stack, context.stackName), (OwnershipTags.environment, context.environment.name),
                (OwnershipTags.address, fileSystem.address.description),
            ]
            let filter = tags.map { "Tags[?Key=='\($0.0)'&&Value=='\($0.1)']" }.joined(separator: "&&")
            lines.append("mkdir -p \(fileSystem.mountPoint)")
            switch fileSystem.kind {
            case .lustre:
                lines += [
                    "read -r dns mount_name < <(aws fsx describe-file-systems --output text "
                        + "--query \"FileSystems[?\(filter)]|[0].[DNSName,LustreConfiguration.MountName]\")",
                    "mount -t lustre -o relatime,flock \"$dns@tcp:/$mount_name\" \(fileSystem.mountPoint)",
                ]
            case .efs:
                lines += [
                    "id=$(aws efs describe-file-systems --output text --query \"FileSystems[?\(filter)]|[0].FileSystemId\")",
                    "mount -t nfs4 -o nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport "
                        + "\"$id.efs.\(region.code).amazonaws.com:/\" \(fileSystem.mountPoint)",
                ]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension FileSystem {
    /// The key-policy statement that lets FSx reach a bucket encrypted with a stack key: FSx
    /// reads and writes a linked bucket as its service-linked role for S3 access, one per file
    /// system (`AWSServiceRoleForFSxS3Access_fs-…`, named after an id that exists only once the
    /// file system does), and that role's AWS-managed policy grants no KMS key. So the statement
    /// names any such role of the account, only through S3 in the bucket's region and only for
    /// objects of that bucket (its ARN is the encryption context, the bucket's with S3 Bucket Keys).
    static func lustreGrant(bucket: String, region: Region) -> AttributeValue {
        let account = AccountID.placeholder
        return [
            "Effect": "Allow", "Principal": ["AWS": "*"],
            "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
            "Resource": "*",
            "Condition": [
                "StringEquals": [
                    "kms:CallerAccount": .string(account), "kms:ViaService": .string("s3.\(region.code).amazonaws.com"),
                ],
                "ArnLike": [
                    "aws:PrincipalArn": .string(
                        "arn:aws:iam::\(account):role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_*"
                    )
                ],
                "StringLike": [
                    "kms:EncryptionContext:aws:s3:arn": [
                        .string("arn:aws:s3:::\(bucket)"), .string("arn:aws:s3:::\(bucket)/*"),
                    ]
                ],
            ],
        ]
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

/// EFS throughput modes.
public enum EFSThroughput: String, Hashable, Sendable {
    /// Scales with the workload, billed per GB read and written.
    case elastic
    /// Scales with the size stored, with burst credits.
    case bursting
}
