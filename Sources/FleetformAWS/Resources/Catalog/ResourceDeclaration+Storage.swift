import FleetformModel

/// Shared file systems (JSON 1.1 FSx): FSx for Lustre linked to an S3 bucket. Read in bulk
/// (DescribeFileSystems takes the ids, 50 a call) with the tags in each item.
extension ResourceDeclaration {
    /// `aws_fsx_lustre_file_system`: CreateFileSystem of type LUSTRE with a client token; waits
    /// for `AVAILABLE` and, on delete, until it is gone. The S3 link (`import_path`,
    /// `export_path`, `auto_import_policy`) is reported by AWS under
    /// `DataRepositoryConfiguration`; an emulator echoing the create input is read too.
    static let fsxLustre = ResourceDeclaration(
        "aws_fsx_lustre_file_system", service: .fsx, identity: .assigned(at: "FileSystem/FileSystemId"),
        fields: [
            .integer("storage_capacity", "StorageCapacity").required(),
            .string("storage_type", "StorageType").reading(default: "SSD"),
            .strings("subnet_ids", "SubnetIds").required(),
            .strings("security_group_ids", "SecurityGroupIds", unordered: true),
            .string("deployment_type", "LustreConfiguration.DeploymentType"),
            .string(
                "import_path", "LustreConfiguration.ImportPath",
                read: .firstOf([
                    "LustreConfiguration/DataRepositoryConfiguration/ImportPath", "LustreConfiguration/ImportPath",
                ])),
            .string(
                "export_path", "LustreConfiguration.ExportPath",
                read: .firstOf([
                    "LustreConfiguration/DataRepositoryConfiguration/ExportPath", "LustreConfiguration/ExportPath",
                ])),
            .string(
                "auto_import_policy", "LustreConfiguration.AutoImportPolicy",
                read: .firstOf([
                    "LustreConfiguration/DataRepositoryConfiguration/AutoImportPolicy",
                    "LustreConfiguration/AutoImportPolicy",
                ])),
            .integer("per_unit_storage_throughput", "LustreConfiguration.PerUnitStorageThroughput"),
            .string("dns_name", read: "DNSName"),
            .string("mount_name", read: "LustreConfiguration/MountName"),
            .string("vpc_id", read: "VpcId"),
            .arn(read: "ResourceARN"),
        ],
        // AWS honours the client token; moto 5.2.1 does not, so a lost answer is looked up first.
        create: .init(
            APICall(
                APIOperation(.fsx, "CreateFileSystem"), ["FileSystemType": "LUSTRE", "ClientRequestToken": .token],
                fields: .all), resend: .afterLookup),
        read: .names(
            APICall(APIOperation(.fsx, "DescribeFileSystems")), parameter: "FileSystemIds", chunk: 50,
            items: "FileSystems", id: "FileSystemId"),
        updates: [
            UpdateStep(
                ["storage_capacity"], .whenChanged,
                APICall(
                    APIOperation(.fsx, "UpdateFileSystem"), ["FileSystemId": .id, "ClientRequestToken": .token],
                    fields: ["storage_capacity"]))
        ],
        delete: .init(
            call: APICall(APIOperation(.fsx, "DeleteFileSystem"), ["FileSystemId": .id]), waitUntilGone: true),
        tags: TagConvention(
            inline: ("Tags", .tags(.pairs())),
            add: APICall(
                APIOperation(.fsx, "TagResource"), ["ResourceARN": .current("arn"), "Tags": .tags(.pairs())]),
            remove: APICall(
                APIOperation(.fsx, "UntagResource"), ["ResourceARN": .current("arn"), "TagKeys": .tagKeys(.strings)]),
            read: ("Tags", .pairs())),
        wait: .item("Lifecycle", ready: "AVAILABLE", failed: ["FAILED", "MISCONFIGURED"]),
        adoption: .init(
            lookup: .scan(APICall(APIOperation(.fsx, "DescribeFileSystems")), items: "FileSystems", id: "FileSystemId")),
        forceNew: [
            "storage_type", "subnet_ids", "security_group_ids", "deployment_type", "import_path", "export_path",
            "per_unit_storage_throughput",
        ],
        computed: ["dns_name", "mount_name", "vpc_id"])
}
