import FleetformModel

/// The EKS types (REST-JSON). EKS has no bulk describe: a read costs one call per resource.
/// Creates carry a `clientRequestToken`; creates and updates wait for `ACTIVE`.
extension ResourceDeclaration {
    /// `aws_eks_cluster`. The id is the name.
    static let eksCluster = ResourceDeclaration(
        "aws_eks_cluster", service: .eks, identity: .named(["name"]),
        fields: [
            .string("name", "name").required(),
            .string("role_arn", "roleArn").required(),
            .string("version", "version"),
            .block(
                "vpc_config", "resourcesVpcConfig", [.strings("subnet_ids", "subnetIds", unordered: true)]),
            .arn(read: "arn"),
            .string("status", read: "status"),
            .string("endpoint", read: "endpoint"),
        ],
        create: .init(
            APICall(APIOperation(.eks, "CreateCluster", "POST /clusters"), ["clientRequestToken": .token], fields: .all)
        ),
        read: .each(
            APICall(APIOperation(.eks, "DescribeCluster", "GET /clusters/{name}"), ["name": .id]), item: "cluster"),
        gone: .equals("status", "DELETING"),
        updates: [
            UpdateStep(
                ["version"], .whenDiffers,
                APICall(
                    APIOperation(.eks, "UpdateClusterVersion", "POST /clusters/{name}/updates"),
                    ["name": .id, "clientRequestToken": .token], fields: ["version"]))
        ],
        updateReadsCurrent: true,
        delete: .init(
            call: APICall(APIOperation(.eks, "DeleteCluster", "DELETE /clusters/{name}"), ["name": .id]),
            waitUntilGone: true),
        tags: .eks, wait: .init(attribute: "status", ready: "ACTIVE", failed: ["FAILED"]),
        adoption: .init(alreadyExists: ["ResourceInUseException"], lookup: .identity),
        forceNew: ["name", "role_arn", "vpc_config"], computed: ["endpoint", "status"])

    /// `aws_eks_node_group`. The id is `CLUSTER:NODEGROUP` (as Terraform's).
    static let eksNodeGroup = ResourceDeclaration(
        "aws_eks_node_group", service: .eks,
        identity: .named(["cluster_name", "node_group_name"], separator: ":"),
        fields: [
            .string("cluster_name", "clusterName").required(),
            .string("node_group_name", "nodegroupName").required(),
            .string("node_role_arn", "nodeRole").required(),
            .strings("subnet_ids", "subnets", unordered: true),
            .strings("instance_types", "instanceTypes"),
            .string("capacity_type", "capacityType"),
            .integer("disk_size", "diskSize"),
            .block(
                "scaling_config", "scalingConfig",
                [
                    .integer("desired_size", "desiredSize"), .integer("min_size", "minSize"),
                    .integer("max_size", "maxSize"),
                ]),
            .stringMap("labels", "labels").reading(default: .map([:])),
            .arn(read: "nodegroupArn"),
            .string("status", read: "status"),
        ],
        create: .init(
            APICall(
                APIOperation(.eks, "CreateNodegroup", "POST /clusters/{clusterName}/node-groups"),
                ["clientRequestToken": .token], fields: .all)),
        read: .each(APICall(nodeGroupPath("DescribeNodegroup", "GET", ""), nodeGroupIDs), item: "nodegroup"),
        gone: .equals("status", "DELETING"),
        updates: [
            UpdateStep(
                ["scaling_config", "labels"], .whenChanged, onlyTriggeredMembers: true,
                APICall(
                    nodeGroupPath("UpdateNodegroupConfig", "POST", "/update-config"),
                    [
                        "clusterName": .idPart(0), "nodegroupName": .idPart(1), "clientRequestToken": .token,
                        "labels": .computed(labelChanges),
                    ],
                    fields: ["scaling_config"]))
        ],
        updateReadsCurrent: true,
        delete: .init(call: APICall(nodeGroupPath("DeleteNodegroup", "DELETE", ""), nodeGroupIDs), waitUntilGone: true),
        tags: .eks, wait: .init(attribute: "status", ready: "ACTIVE", failed: ["CREATE_FAILED", "DEGRADED"]),
        adoption: .init(alreadyExists: ["ResourceInUseException"], lookup: .identity),
        forceNew: [
            "cluster_name", "node_group_name", "node_role_arn", "subnet_ids", "instance_types", "capacity_type",
            "disk_size",
        ],
        computed: ["status"])

    private static let nodeGroupIDs: [String: InputValue] = ["clusterName": .idPart(0), "nodegroupName": .idPart(1)]

    private static func nodeGroupPath(_ action: String, _ method: String, _ suffix: String) -> APIOperation {
        APIOperation(.eks, action, "\(method) /clusters/{clusterName}/node-groups/{nodegroupName}\(suffix)")
    }

    /// `labels` for UpdateNodegroupConfig: what to add or change and what to remove, against the
    /// node group as it is.
    private static func labelChanges(_ context: InputContext) -> AttributeValue? {
        guard context.triggered.contains("labels") else { return nil }
        let old = (context.current?.attributes["labels"]?.mapValue ?? [:]).compactMapValues(\.stringValue)
        let new = AttributeReader(type: context.type, values: context.declared).stringMap("labels")
        return .map([
            "addOrUpdateLabels": .stringMap(new.filter { old[$0.key] != $0.value }),
            "removeLabels": .strings(old.keys.filter { new[$0] == nil }.sorted()),
        ])
    }
}

extension TagConvention {
    /// EKS: a `tags` map at create; TagResource / UntagResource on the resource's ARN; `tags` in
    /// the describe item.
    static let eks = TagConvention(
        inline: ("tags", .tags(.map)),
        add: APICall(
            APIOperation(.eks, "TagResource", "POST /tags/{resourceArn}"),
            ["resourceArn": .current("arn"), "tags": .tags(.map)]),
        remove: APICall(
            APIOperation(.eks, "UntagResource", "DELETE /tags/{resourceArn}?tagKeys"),
            ["resourceArn": .current("arn"), "tagKeys": .tagKeys(.strings)]),
        read: ("tags", .map))
}
