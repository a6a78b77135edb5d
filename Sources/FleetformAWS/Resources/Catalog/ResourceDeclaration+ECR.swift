import FleetformModel

/// The ECR types (JSON 1.1). Repositories are read in bulk (DescribeRepositories takes 100 names
/// a call); their tags and lifecycle policies need a call per repository.
extension ResourceDeclaration {
    /// `aws_ecr_repository`. The id is the name. `force_delete` is a setting of the delete call
    /// only (AWS does not report it). The encryption is set at create only (a change replaces).
    static let ecrRepository = ResourceDeclaration(
        "aws_ecr_repository", service: .ecr, identity: .named(["name"]),
        fields: [
            .string("name", "repositoryName").required(),
            .string("image_tag_mutability", "imageTagMutability").reading(default: "MUTABLE"),
            .block(
                "image_scanning_configuration", "imageScanningConfiguration", [.boolean("scan_on_push", "scanOnPush")]),
            .block(
                "encryption_configuration", "encryptionConfiguration",
                [.string("encryption_type", "encryptionType"), .string("kms_key", "kmsKey")]),
            .boolean("force_delete", read: .prior),
            .arn(read: "repositoryArn"),
            .string("registry_id", read: "registryId"),
            .string("repository_url", read: "repositoryUri"),
        ],
        create: .init(APICall(APIOperation(.ecr, "CreateRepository"), fields: .all)),
        read: .names(
            APICall(APIOperation(.ecr, "DescribeRepositories")), parameter: "repositoryNames", chunk: 100,
            items: "repositories", id: "repositoryName"),
        itemReads: [
            ItemRead(
                "tags", APICall(APIOperation(.ecr, "ListTagsForResource"), ["resourceArn": .item("repositoryArn")]))
        ],
        updates: [
            UpdateStep(
                ["image_tag_mutability"], .whenDiffers,
                APICall(
                    APIOperation(.ecr, "PutImageTagMutability"), ["repositoryName": .id],
                    fields: ["image_tag_mutability"])),
            UpdateStep(
                ["image_scanning_configuration"], .whenChanged,
                APICall(
                    APIOperation(.ecr, "PutImageScanningConfiguration"), ["repositoryName": .id],
                    fields: ["image_scanning_configuration"])),
        ],
        delete: .init(
            call: APICall(
                APIOperation(.ecr, "DeleteRepository"), ["repositoryName": .id, "force": .attribute("force_delete")])),
        tags: TagConvention(
            inline: ("tags", .tags(.pairs())),
            add: APICall(
                APIOperation(.ecr, "TagResource"), ["resourceArn": .current("arn"), "tags": .tags(.pairs())]),
            remove: APICall(
                APIOperation(.ecr, "UntagResource"), ["resourceArn": .current("arn"), "tagKeys": .tagKeys(.strings)]),
            read: ("tags", .pairs()), readCall: .itemRead("tags")),
        adoption: .init(alreadyExists: ["RepositoryAlreadyExistsException"], lookup: .identity),
        forceNew: ["name", "encryption_configuration"], computed: ["registry_id", "repository_url"])

    /// `aws_ecr_lifecycle_policy` of a repository (the id is the repository's name): written and
    /// rewritten with PutLifecyclePolicy. Lifecycle policies carry no tags.
    static let ecrLifecyclePolicy = ResourceDeclaration(
        "aws_ecr_lifecycle_policy", service: .ecr, identity: .named(["repository"]),
        fields: [
            .string("repository", "repositoryName").required(),
            .policyDocument("policy", "lifecyclePolicyText").required(),
            .string("registry_id", read: "registryId"),
        ],
        create: .init(putLifecyclePolicy),
        read: .each(APICall(APIOperation(.ecr, "GetLifecyclePolicy"), ["repositoryName": .id]), item: ""),
        updates: [UpdateStep(["policy"], .whenDiffers, putLifecyclePolicy)],
        updateReadsCurrent: true,
        delete: .init(call: APICall(APIOperation(.ecr, "DeleteLifecyclePolicy"), ["repositoryName": .id])),
        adoption: .init(lookup: .identity), forceNew: ["repository"], computed: ["registry_id"])

    private static let putLifecyclePolicy = APICall(APIOperation(.ecr, "PutLifecyclePolicy"), fields: .all)
}
