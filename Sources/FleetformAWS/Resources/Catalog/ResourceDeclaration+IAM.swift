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
