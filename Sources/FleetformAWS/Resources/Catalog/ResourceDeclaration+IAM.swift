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
