import FleetformModel

/// The EC2 types. EC2 answers in lower camel case, so a field's read path defaults to its wire
/// name with each part's first letter lowered (`LaunchTemplateData.ImageId` → `launchTemplateData/imageId`).
extension ResourceDeclaration {
    /// `aws_vpc`: CreateVpc; the DNS flags by ModifyVpcAttribute, one call each, read back per VPC
    /// with DescribeVpcAttribute (DescribeVpcs does not report them).
    static let vpc = ResourceDeclaration(
        "aws_vpc", service: .ec2, identity: .assigned(at: "vpc/vpcId"),
        fields: [
            .string("cidr_block", "CidrBlock").required(),
            .boolean("enable_dns_support", read: .itemRead("dnsSupport", "enableDnsSupport/value")),
            .boolean("enable_dns_hostnames", read: .itemRead("dnsHostnames", "enableDnsHostnames/value")),
            .arn("arn:aws:ec2:{region}:{ownerId}:vpc/{id}"),
        ],
        create: .init(APICall(APIOperation(.ec2, "CreateVpc"), fields: .all), resend: .afterLookup),
        read: .ec2Filter(action: "DescribeVpcs", filter: "vpc-id", set: "vpcSet", id: "vpcId"),
        itemReads: [
            ItemRead("dnsSupport", APICall(describeVpcAttribute, ["VpcId": .id, "Attribute": "enableDnsSupport"])),
            ItemRead("dnsHostnames", APICall(describeVpcAttribute, ["VpcId": .id, "Attribute": "enableDnsHostnames"])),
        ],
        updates: [
            .setting(
                "enable_dns_support",
                APICall(modifyVpcAttribute, ["VpcId": .id, "EnableDnsSupport.Value": .attribute("enable_dns_support")])),
            .setting(
                "enable_dns_hostnames",
                APICall(
                    modifyVpcAttribute, ["VpcId": .id, "EnableDnsHostnames.Value": .attribute("enable_dns_hostnames")])),
        ],
        delete: .init(call: APICall(APIOperation(.ec2, "DeleteVpc"), ["VpcId": .id])),
        tags: .ec2("vpc"), adoption: .init(lookup: .ownershipTags), forceNew: ["cidr_block"])

    private static let describeVpcAttribute = APIOperation(.ec2, "DescribeVpcAttribute")
    private static let modifyVpcAttribute = APIOperation(.ec2, "ModifyVpcAttribute")

    /// `aws_subnet`: CreateSubnet; `map_public_ip_on_launch` by ModifySubnetAttribute.
    static let subnet = ResourceDeclaration(
        "aws_subnet", service: .ec2, identity: .assigned(at: "subnet/subnetId"),
        fields: [
            .string("vpc_id", "VpcId").required(),
            .string("cidr_block", "CidrBlock").required(),
            .string("availability_zone", "AvailabilityZone"),
            .boolean("map_public_ip_on_launch", read: "mapPublicIpOnLaunch").reading(default: false),
            .arn("arn:aws:ec2:{region}:{ownerId}:subnet/{id}", read: "subnetArn"),
        ],
        create: .init(APICall(APIOperation(.ec2, "CreateSubnet"), fields: .all), resend: .afterLookup),
        read: .ec2Filter(action: "DescribeSubnets", filter: "subnet-id", set: "subnetSet", id: "subnetId"),
        updates: [
            .setting(
                "map_public_ip_on_launch",
                APICall(
                    APIOperation(.ec2, "ModifySubnetAttribute"),
                    ["SubnetId": .id, "MapPublicIpOnLaunch.Value": .attribute("map_public_ip_on_launch")]))
        ],
        delete: .init(call: APICall(APIOperation(.ec2, "DeleteSubnet"), ["SubnetId": .id])),
        tags: .ec2("subnet"), adoption: .init(lookup: .ownershipTags),
        forceNew: ["cidr_block", "availability_zone", "vpc_id"])

    /// `aws_security_group` with its `ingress` / `egress` rules (a companion: the rules are made
    /// to match the declaration by revoking and authorizing).
    static let securityGroup = ResourceDeclaration(
        "aws_security_group", service: .ec2, identity: .assigned(at: "groupId"),
        fields: [
            .string("name", "GroupName").required(),
            .string("description", "GroupDescription").sending(default: "Managed by Fleetform"),
            .string("vpc_id", "VpcId"),
            .arn("arn:aws:ec2:{region}:{ownerId}:security-group/{id}"),
        ],
        create: .init(APICall(APIOperation(.ec2, "CreateSecurityGroup"), fields: .all), resend: .afterLookup),
        read: .ec2Filter(action: "DescribeSecurityGroups", filter: "group-id", set: "securityGroupInfo", id: "groupId"),
        updateReadsCurrent: true,
        delete: .init(call: APICall(APIOperation(.ec2, "DeleteSecurityGroup"), ["GroupId": .id])),
        tags: .ec2("security-group"),
        adoption: .init(alreadyExists: ["InvalidGroup.Duplicate"], lookup: .ownershipTags),
        companions: [.securityGroupRules], forceNew: ["name", "description", "vpc_id"])

    /// `aws_launch_template`: CreateLaunchTemplate (with `ClientToken`); an update writes a new
    /// version and makes it the default. The template data is read from the default version.
    static let launchTemplate = ResourceDeclaration(
        "aws_launch_template", service: .ec2, identity: .assigned(at: "launchTemplate/launchTemplateId"),
        fields: [
            .string("name", "LaunchTemplateName").required(),
            .string("image_id", "LaunchTemplateData.ImageId", read: .itemRead("data", "imageId")),
            .string("instance_type", "LaunchTemplateData.InstanceType", read: .itemRead("data", "instanceType")),
            .blocks(
                "block_device_mappings", "LaunchTemplateData.BlockDeviceMapping",
                read: .itemRead("data", "blockDeviceMappingSet"),
                [
                    .string("device_name", "DeviceName").reading(default: ""),
                    .block(
                        "ebs", "Ebs", [.integer("volume_size", "VolumeSize"), .string("volume_type", "VolumeType")]),
                ]),
            .strings(
                "vpc_security_group_ids", "LaunchTemplateData.SecurityGroupId",
                read: .itemRead("data", "securityGroupIdSet"), unordered: true),
            .block(
                "iam_instance_profile", "LaunchTemplateData.IamInstanceProfile",
                read: .itemRead("data", "iamInstanceProfile"), [.string("name", "Name"), .string("arn", "Arn")]),
            .string("user_data", "LaunchTemplateData.UserData", read: .itemRead("data", "userData")),
            .block(
                "metadata_options", "LaunchTemplateData.MetadataOptions", read: .itemRead("data", "metadataOptions"),
                [
                    .string("http_endpoint", "HttpEndpoint"), .string("http_tokens", "HttpTokens"),
                    .integer("http_put_response_hop_limit", "HttpPutResponseHopLimit"),
                ]),
            .number("default_version", read: "defaultVersionNumber"),
            .number("latest_version", read: "latestVersionNumber"),
            .arn("arn:aws:ec2:{region}::launch-template/{id}"),
        ],
        create: .init(APICall(APIOperation(.ec2, "CreateLaunchTemplate"), ["ClientToken": .token], fields: .all)),
        read: .ec2IdList(
            action: "DescribeLaunchTemplates", parameter: "LaunchTemplateId", set: "launchTemplates",
            id: "launchTemplateId"),
        itemReads: [
            ItemRead(
                "data",
                APICall(
                    APIOperation(.ec2, "DescribeLaunchTemplateVersions"),
                    ["LaunchTemplateId": .id, "LaunchTemplateVersion": .list("$Default")]),
                at: "launchTemplateVersionSet/item/launchTemplateData")
        ],
        updates: [
            UpdateStep(
                templateData, .whenChanged,
                APICall(
                    APIOperation(.ec2, "CreateLaunchTemplateVersion"),
                    ["LaunchTemplateId": .id, "ClientToken": .token],
                    fields: .named(templateData), outputs: ["version": "launchTemplateVersion/versionNumber"]),
                APICall(
                    APIOperation(.ec2, "ModifyLaunchTemplate"),
                    ["LaunchTemplateId": .id, "SetDefaultVersion": .output("version")]))
        ],
        delete: .init(call: APICall(APIOperation(.ec2, "DeleteLaunchTemplate"), ["LaunchTemplateId": .id])),
        tags: .ec2("launch-template"),
        adoption: .init(
            alreadyExists: ["InvalidLaunchTemplateName.AlreadyExistsException"],
            // Names are unique per region: the name finds a template whose create answer was lost.
            lookup: .query(
                APICall(
                    APIOperation(.ec2, "DescribeLaunchTemplates"), ["LaunchTemplateName": .list(.attribute("name"))]),
                items: "launchTemplates", id: "launchTemplateId")),
        forceNew: ["name"], computed: ["latest_version", "default_version"])

    private static let templateData = [
        "image_id", "instance_type", "block_device_mappings", "vpc_security_group_ids", "iam_instance_profile",
        "user_data", "metadata_options",
    ]

    /// `aws_ec2_fleet` (type `maintain`): CreateFleet with `ClientToken`, which moto ignores, so a
    /// create whose answer was lost is looked up by its tags before it is sent again. Deleted
    /// fleets stay listed for hours in states `deleted*`; they count as gone.
    static let ec2Fleet = ResourceDeclaration(
        "aws_ec2_fleet", service: .ec2, identity: .assigned(at: "fleetId"),
        fields: [
            .string("type", "Type").sending(default: "maintain"),
            .block(
                "target_capacity_specification", "TargetCapacitySpecification",
                [
                    .integer("total_target_capacity", "TotalTargetCapacity"),
                    .integer("on_demand_target_capacity", "OnDemandTargetCapacity"),
                    .integer("spot_target_capacity", "SpotTargetCapacity"),
                    .string("default_target_capacity_type", "DefaultTargetCapacityType"),
                    .string("target_capacity_unit_type", "TargetCapacityUnitType"),
                ]),
            .listedBlock(
                "launch_template_config", "LaunchTemplateConfigs", read: "launchTemplateConfigs/item",
                [
                    .block(
                        "launch_template_specification", "LaunchTemplateSpecification",
                        [.string("launch_template_id", "LaunchTemplateId"), .string("version", "Version")]),
                    .blocks(
                        "override", "Overrides",
                        [
                            .string("instance_type", "InstanceType"), .number("weighted_capacity", "WeightedCapacity"),
                            .string("subnet_id", "SubnetId"),
                        ]),
                ]),
            .block("spot_options", "SpotOptions", [.string("allocation_strategy", "AllocationStrategy")]),
            .block("on_demand_options", "OnDemandOptions", [.string("allocation_strategy", "AllocationStrategy")]),
            .arn("arn:aws:ec2:{region}::fleet/{id}"),
        ],
        create: .init(
            APICall(APIOperation(.ec2, "CreateFleet"), ["ClientToken": .token], fields: .all), resend: .afterLookup),
        read: .ec2IdList(action: "DescribeFleets", parameter: "FleetId", set: "fleetSet", id: "fleetId"),
        gone: .hasPrefix("fleetState", "deleted"),
        updates: [
            UpdateStep(
                ["target_capacity_specification"], .whenChanged,
                APICall(APIOperation(.ec2, "ModifyFleet"), ["FleetId": .id], fields: ["target_capacity_specification"]))
        ],
        delete: .init(
            call: APICall(APIOperation(.ec2, "DeleteFleets"), ["FleetId": .list(.id), "TerminateInstances": true]),
            readFirst: true),
        tags: .ec2("fleet"), adoption: .init(lookup: .ownershipTags),
        forceNew: ["type", "launch_template_config", "spot_options", "on_demand_options"])
}
