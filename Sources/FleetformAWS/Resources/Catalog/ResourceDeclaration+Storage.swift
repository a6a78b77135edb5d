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

/// Elastic File System (REST-JSON): a file system and its mount targets, one per subnet.
extension ResourceDeclaration {
    /// `aws_efs_file_system`: CreateFileSystem with a creation token (its idempotency key, and how
    /// a lost answer is found); read in one DescribeFileSystems listing, with the tags in each item;
    /// waits for `available`, and on delete until it is gone.
    static let efsFileSystem = ResourceDeclaration(
        "aws_efs_file_system", service: .efs, identity: .assigned(at: "FileSystemId"),
        fields: [
            .string("creation_token", "CreationToken").required(),
            .boolean("encrypted", "Encrypted").reading(default: false),
            .string("performance_mode", "PerformanceMode").reading(default: "generalPurpose"),
            .string("throughput_mode", "ThroughputMode"),
            .arn(read: "FileSystemArn"),
        ],
        create: .init(APICall(APIOperation(.efs, "CreateFileSystem", "POST /2015-02-01/file-systems"), fields: .all)),
        read: .all(
            APICall(
                APIOperation(.efs, "DescribeFileSystems", "GET /2015-02-01/file-systems?MaxItems"),
                ["MaxItems": .constant(.number(1000))]),
            items: "FileSystems", id: "FileSystemId"),
        gone: .equals("LifeCycleState", "deleted"),
        updates: [
            UpdateStep(
                ["throughput_mode"], .whenChanged,
                APICall(
                    APIOperation(.efs, "UpdateFileSystem", "PUT /2015-02-01/file-systems/{FileSystemId}"),
                    ["FileSystemId": .id], fields: ["throughput_mode"]))
        ],
        delete: .init(
            call: APICall(
                APIOperation(.efs, "DeleteFileSystem", "DELETE /2015-02-01/file-systems/{FileSystemId}"),
                ["FileSystemId": .id]),
            waitUntilGone: true),
        tags: TagConvention(
            inline: ("Tags", .tags(.pairs())),
            add: APICall(
                APIOperation(.efs, "TagResource", "POST /2015-02-01/resource-tags/{ResourceId}"),
                ["ResourceId": .id, "Tags": .tags(.pairs())]),
            remove: APICall(
                APIOperation(.efs, "UntagResource", "DELETE /2015-02-01/resource-tags/{ResourceId}?tagKeys"),
                ["ResourceId": .id, "tagKeys": .tagKeys(.strings)]),
            read: ("Tags", .pairs())),
        wait: .item("LifeCycleState", ready: "available", failed: ["error"]),
        adoption: .init(
            alreadyExists: ["FileSystemAlreadyExists"],
            lookup: .query(
                APICall(
                    APIOperation(.efs, "DescribeFileSystems", "GET /2015-02-01/file-systems?CreationToken"),
                    ["CreationToken": .attribute("creation_token")]),
                items: "FileSystems", id: "FileSystemId")),
        companions: [.efsMountTargets], forceNew: ["creation_token", "encrypted", "performance_mode"])

    /// `aws_efs_mount_target` of a file system in a subnet; its security groups are read with a
    /// call of their own. Waits for `available`, and on delete until it is gone.
    static let efsMountTarget = ResourceDeclaration(
        "aws_efs_mount_target", service: .efs, identity: .assigned(at: "MountTargetId"),
        fields: [
            .string("file_system_id", "FileSystemId").required(),
            .string("subnet_id", "SubnetId").required(),
            .strings("security_groups", "SecurityGroups", read: .itemRead("groups", "SecurityGroups"), unordered: true),
            .string("ip_address", read: "IpAddress"),
            .string("availability_zone_name", read: "AvailabilityZoneName"),
            .string("network_interface_id", read: "NetworkInterfaceId"),
        ],
        create: .init(
            APICall(APIOperation(.efs, "CreateMountTarget", "POST /2015-02-01/mount-targets"), fields: .all),
            resend: .afterLookup),
        read: .each(
            APICall(
                APIOperation(.efs, "DescribeMountTargets", "GET /2015-02-01/mount-targets?MountTargetId"),
                ["MountTargetId": .id]),
            item: "MountTargets/0"),
        itemReads: [
            ItemRead(
                "groups",
                APICall(
                    APIOperation(
                        .efs, "DescribeMountTargetSecurityGroups",
                        "GET /2015-02-01/mount-targets/{MountTargetId}/security-groups"),
                    ["MountTargetId": .id]))
        ],
        gone: .equals("LifeCycleState", "deleted"),
        updates: [
            UpdateStep(
                ["security_groups"], .whenChanged,
                APICall(
                    APIOperation(
                        .efs, "ModifyMountTargetSecurityGroups",
                        "PUT /2015-02-01/mount-targets/{MountTargetId}/security-groups"),
                    ["MountTargetId": .id], fields: ["security_groups"]))
        ],
        delete: .init(
            call: APICall(
                APIOperation(.efs, "DeleteMountTarget", "DELETE /2015-02-01/mount-targets/{MountTargetId}"),
                ["MountTargetId": .id]),
            waitUntilGone: true),
        wait: .item("LifeCycleState", ready: "available", failed: ["error"]),
        adoption: .init(
            alreadyExists: ["MountTargetConflict"],
            lookup: .query(
                APICall(
                    APIOperation(.efs, "DescribeMountTargets", "GET /2015-02-01/mount-targets?FileSystemId"),
                    ["FileSystemId": .attribute("file_system_id")]),
                items: "MountTargets", id: "MountTargetId", matching: (element: "SubnetId", attribute: "subnet_id"))),
        forceNew: ["file_system_id", "subnet_id"],
        computed: ["ip_address", "availability_zone_name", "network_interface_id"])
}
