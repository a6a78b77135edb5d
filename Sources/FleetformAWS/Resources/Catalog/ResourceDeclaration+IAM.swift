import FleetformModel

/// The IAM types. IAM is global (the client signs its calls for us-east-1) and has no bulk read
/// that returns tags and policies, so a role costs GetRole plus its policy reads.
extension ResourceDeclaration {
    /// `aws_iam_role` with `inline_policy` blocks and `managed_policy_arns` (companions: one call
    /// per policy). The id is the role name.
    static let iamRole = ResourceDeclaration(
        "aws_iam_role", service: .iam, identity: .named(["name"]),
        fields: [
            .string("name", "RoleName", read: .id).required(),
            .policyDocument("assume_role_policy", "AssumeRolePolicyDocument").required(),
            .string("description", "Description").emptyMeansUnset(),
            .arn(read: "Arn"),
            .string("unique_id", read: "RoleId"),
        ],
        create: .init(APICall(APIOperation(.iam, "CreateRole"), fields: .all)),
        read: .each(APICall(APIOperation(.iam, "GetRole"), ["RoleName": .id]), item: "//Role"),
        updates: [
            UpdateStep(
                ["assume_role_policy"], .whenDiffers,
                APICall(
                    APIOperation(.iam, "UpdateAssumeRolePolicy"),
                    ["RoleName": .id, "PolicyDocument": .attribute("assume_role_policy")])),
            UpdateStep(
                ["description"], .whenDiffers,
                APICall(APIOperation(.iam, "UpdateRole"), ["RoleName": .id], fields: ["description"])),
        ],
        updateReadsCurrent: true,
        delete: .init(call: APICall(APIOperation(.iam, "DeleteRole"), ["RoleName": .id])),
        tags: .iam(tag: "TagRole", untag: "UntagRole", idMember: "RoleName"),
        adoption: .init(alreadyExists: ["EntityAlreadyExists"], lookup: .identity),
        companions: [.inlinePolicies, .managedPolicies], forceNew: ["name"], computed: ["unique_id"])
}

extension ResourceDeclaration {
    /// `aws_iam_role_policy`: one inline policy of a role as its own resource, the provider's
    /// current form (a role's `inline_policy` blocks are deprecated). PutRolePolicy creates and
    /// updates, GetRolePolicy reads, DeleteRolePolicy deletes; the id is `ROLE:NAME`, as the
    /// provider's. Inline policies carry no tags.
    static let iamRolePolicy = ResourceDeclaration(
        "aws_iam_role_policy", service: .iam, identity: .named(["role", "name"], separator: ":"),
        fields: [
            .string("role", "RoleName", read: .idPart(0)).required(),
            .string("name", "PolicyName", read: .idPart(1)).required(),
            .policyDocument("policy", "PolicyDocument").required(),
        ],
        create: .init(putRolePolicy),
        read: .each(
            APICall(APIOperation(.iam, "GetRolePolicy"), ["RoleName": .idPart(0), "PolicyName": .idPart(1)]),
            item: "//GetRolePolicyResult"),
        updates: [UpdateStep(["policy"], .whenDiffers, putRolePolicy)],
        delete: .init(
            call: APICall(APIOperation(.iam, "DeleteRolePolicy"), ["RoleName": .idPart(0), "PolicyName": .idPart(1)])),
        adoption: .init(lookup: .identity), forceNew: ["role", "name"])

    private static let putRolePolicy = APICall(APIOperation(.iam, "PutRolePolicy"), fields: .all)
}

extension TagConvention {
    /// IAM: `Tags` (Key/Value pairs) at create; `tag` / `untag` calls naming the entity by
    /// `idMember`; `Tags` in the describe item.
    static func iam(tag: String, untag: String, idMember: String) -> TagConvention {
        TagConvention(
            inline: ("Tags", .tags(.pairs())),
            add: APICall(APIOperation(.iam, tag), [idMember: .id, "Tags": .tags(.pairs())]),
            remove: APICall(APIOperation(.iam, untag), [idMember: .id, "TagKeys": .tagKeys(.strings)]),
            read: ("Tags", .pairs()))
    }
}

/// Node identity: customer managed policies, their attachments to roles, and instance profiles.
extension ResourceDeclaration {
    /// `aws_iam_policy` (customer managed). The id is the ARN, as Terraform's. The document is read
    /// from the default version; a changed document becomes a new default version, and the older
    /// versions are removed (IAM keeps at most five).
    static let iamPolicy = ResourceDeclaration(
        "aws_iam_policy", service: .iam, identity: .assigned(at: "//Policy/Arn"),
        fields: [
            .string("name", "PolicyName", read: "PolicyName").required(),
            .string("path", "Path", read: "Path").reading(default: "/"),
            .string("description", "Description", read: "Description").emptyMeansUnset(),
            .policyDocument("policy", "PolicyDocument", read: .itemRead("version", "Document")).required(),
            .arn(read: "Arn"),
            .string("policy_id", read: "PolicyId"),
        ],
        create: .init(APICall(APIOperation(.iam, "CreatePolicy"), fields: .all)),
        read: .each(APICall(APIOperation(.iam, "GetPolicy"), ["PolicyArn": .id]), item: "//Policy"),
        itemReads: [
            ItemRead(
                "version",
                APICall(
                    APIOperation(.iam, "GetPolicyVersion"), ["PolicyArn": .id, "VersionId": .item("DefaultVersionId")]),
                at: "//PolicyVersion")
        ],
        updates: [
            UpdateStep(
                ["policy"], .whenDiffers,
                APICall(
                    APIOperation(.iam, "CreatePolicyVersion"),
                    ["PolicyArn": .id, "PolicyDocument": .attribute("policy"), "SetAsDefault": true]))
        ],
        updateReadsCurrent: true,
        delete: .init(call: APICall(APIOperation(.iam, "DeletePolicy"), ["PolicyArn": .id])),
        tags: .iam(tag: "TagPolicy", untag: "UntagPolicy", idMember: "PolicyArn"),
        adoption: .init(
            alreadyExists: ["EntityAlreadyExists"],
            // Names are unique per account and path: the account's local policies, by name.
            lookup: .query(
                APICall(APIOperation(.iam, "ListPolicies"), ["Scope": "Local"]), items: "//Policies", id: "Arn",
                matching: (element: "PolicyName", attribute: "name"))),
        companions: [.oldPolicyVersions], forceNew: ["name", "path", "description"], computed: ["policy_id"])

    /// `aws_iam_role_policy_attachment`. The id is `ROLE/POLICY_ARN` (Terraform's import id); read
    /// with one ListAttachedRolePolicies per role.
    static let rolePolicyAttachment = ResourceDeclaration(
        "aws_iam_role_policy_attachment", service: .iam, identity: .named(["role", "policy_arn"], separator: "/"),
        fields: [
            .string("role", "RoleName", read: .idPart(0)).required(),
            .string("policy_arn", "PolicyArn", read: "PolicyArn").required(),
        ],
        create: .init(APICall(APIOperation(.iam, "AttachRolePolicy"), fields: .all)),
        read: .perParent(
            APICall(APIOperation(.iam, "ListAttachedRolePolicies"), ["RoleName": .idPart(0)]), parameter: nil,
            items: "//AttachedPolicies", id: "PolicyArn"),
        delete: .init(
            call: APICall(APIOperation(.iam, "DetachRolePolicy"), ["RoleName": .idPart(0), "PolicyArn": .idPart(1)])),
        adoption: .init(lookup: .identity), forceNew: ["role", "policy_arn"])

    /// `aws_iam_instance_profile` holding one role. The id is the name. The role is added right
    /// after create and removed before delete.
    static let instanceProfile = ResourceDeclaration(
        "aws_iam_instance_profile", service: .iam, identity: .named(["name"]),
        fields: [
            .string("name", "InstanceProfileName", read: .id).required(),
            .string("path", "Path", read: "Path").reading(default: "/"),
            .string("role", read: "Roles/member/RoleName"),
            .arn(read: "Arn"),
            .string("unique_id", read: "InstanceProfileId"),
        ],
        create: .init(APICall(APIOperation(.iam, "CreateInstanceProfile"), fields: .all)),
        read: .each(
            APICall(APIOperation(.iam, "GetInstanceProfile"), ["InstanceProfileName": .id]), item: "//InstanceProfile"),
        updates: [
            .setting(
                "role",
                APICall(
                    APIOperation(.iam, "AddRoleToInstanceProfile"),
                    ["InstanceProfileName": .id, "RoleName": .attribute("role")]))
        ],
        delete: .init(
            before: [
                APICall(
                    APIOperation(.iam, "RemoveRoleFromInstanceProfile"),
                    ["InstanceProfileName": .id, "RoleName": .attribute("role")], onlyWith: "RoleName")
            ],
            call: APICall(APIOperation(.iam, "DeleteInstanceProfile"), ["InstanceProfileName": .id])),
        tags: .iam(tag: "TagInstanceProfile", untag: "UntagInstanceProfile", idMember: "InstanceProfileName"),
        adoption: .init(alreadyExists: ["EntityAlreadyExists"], lookup: .identity),
        forceNew: ["name", "path", "role"], computed: ["unique_id"])
}
