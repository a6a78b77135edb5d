import FleetformModel

extension ResourceCompanion {
    /// A role's `inline_policy` blocks: PutRolePolicy / DeleteRolePolicy to match the declaration
    /// (a document is rewritten only when its meaning changed); read with ListRolePolicies and a
    /// GetRolePolicy each, in the declaration's formatting when it means the same. A role that
    /// declares no `inline_policy` leaves its inline policies alone and does not read them, as
    /// the provider leaves them: they may be `aws_iam_role_policy` resources of their own.
    static let inlinePolicies = ResourceCompanion(
        attributes: ["inline_policy"], readsBackAfterCreate: false,
        write: { context in
            guard let declared = context.declared["inline_policy"], declared != .null else { return }
            let desired = AttributeReader(type: context.type, values: context.declared).blocks("inline_policy")
            let desiredNames = Set(desired.compactMap { $0.string("name") })
            let current = (context.current?.attributes["inline_policy"]?.listValue ?? []).compactMap(\.mapValue)
            for policy in current {
                guard let name = policy["name"]?.stringValue, !desiredNames.contains(name) else { continue }
                _ = try await context.client.call(
                    APIOperation(.iam, "DeleteRolePolicy"),
                    ["RoleName": .string(context.id), "PolicyName": .string(name)], region: context.region)
            }
            for policy in desired {
                let existing = current.first { $0["name"]?.stringValue == policy.string("name") }?["policy"]?
                    .stringValue
                guard
                    existing.flatMap(PolicyDocument.canonical)
                        != policy.string("policy").flatMap(PolicyDocument.canonical)
                else { continue }
                _ = try await context.client.call(
                    APIOperation(.iam, "PutRolePolicy"),
                    [
                        "RoleName": .string(context.id), "PolicyName": .string(try policy.requiredString("name")),
                        "PolicyDocument": .string(try policy.requiredString("policy")),
                    ], region: context.region)
            }
        },
        read: { context in
            // Not declared: nothing to compare, and its policies are read as their own resources.
            guard context.resource.attributes["inline_policy"] != nil else { return [:] }
            let role = context.resource.id
            let names = try await context.client.callPages(
                APIOperation(.iam, "ListRolePolicies"), ["RoleName": .string(role)], region: context.region
            ).flatMap { $0.list("//PolicyNames") }.compactMap(\.text).sorted()
            let prior = Dictionary(
                (context.resource.attributes["inline_policy"]?.listValue ?? []).compactMap(\.mapValue).compactMap {
                    map in
                    map["name"]?.stringValue.map { ($0, map["policy"]?.stringValue) }
                }, uniquingKeysWith: { first, _ in first })
            var policies: [AttributeValue] = []
            for name in names {
                let document =
                    try await context.client.call(
                        APIOperation(.iam, "GetRolePolicy"), ["RoleName": .string(role), "PolicyName": .string(name)],
                        region: context.region
                    ).string("//PolicyDocument") ?? ""
                policies.append(
                    .map([
                        "name": .string(name),
                        "policy": .string(PolicyDocument.preferring(prior[name] ?? nil, over: document)),
                    ]))
            }
            return ["inline_policy": .list(policies)]
        },
        removeBeforeDelete: { context in
            let names = try await context.client.callPages(
                APIOperation(.iam, "ListRolePolicies"), ["RoleName": .string(context.id)], region: context.region
            ).flatMap { $0.list("//PolicyNames") }.compactMap(\.text)
            for name in names {
                try await AWSError.removeIfPresent {
                    _ = try await context.client.call(
                        APIOperation(.iam, "DeleteRolePolicy"),
                        ["RoleName": .string(context.id), "PolicyName": .string(name)], region: context.region)
                }
            }
        })

    /// A role's `managed_policy_arns`: AttachRolePolicy / DetachRolePolicy to match the
    /// declaration; read with ListAttachedRolePolicies, in the declared order.
    static let managedPolicies = ResourceCompanion(
        attributes: ["managed_policy_arns"], readsBackAfterCreate: false,
        write: { context in
            // Not declared: the role's managed policies are not this attribute's to manage
            // (`aws_iam_role_policy_attachment` resources attach them).
            guard context.declared["managed_policy_arns"] != nil else { return }
            let attached = Set(
                context.current?.attributes["managed_policy_arns"]?.listValue?.compactMap(\.stringValue) ?? [])
            let wanted = Set(
                AttributeReader(type: context.type, values: context.declared).stringList("managed_policy_arns"))
            for (action, arns) in [
                ("DetachRolePolicy", attached.subtracting(wanted)), ("AttachRolePolicy", wanted.subtracting(attached)),
            ] {
                for arn in arns.sorted() {
                    _ = try await context.client.call(
                        APIOperation(.iam, action), ["RoleName": .string(context.id), "PolicyArn": .string(arn)],
                        region: context.region)
                }
            }
        },
        read: { context in
            // Not declared (and so not recorded): the attachments own the role's managed policies.
            guard context.resource.attributes["managed_policy_arns"] != nil else { return [:] }
            let arns = try await attachedPolicies(context.client, role: context.resource.id, region: context.region)
            return [
                "managed_policy_arns": .strings(
                    arns.sorted(), orderedLike: context.resource.attributes["managed_policy_arns"])
            ]
        },
        removeBeforeDelete: { context in
            for arn in try await attachedPolicies(context.client, role: context.id, region: context.region) {
                try await AWSError.removeIfPresent {
                    _ = try await context.client.call(
                        APIOperation(.iam, "DetachRolePolicy"),
                        ["RoleName": .string(context.id), "PolicyArn": .string(arn)],
                        region: context.region)
                }
            }
        })

    /// The ARNs of the managed policies attached to `role`.
    private static func attachedPolicies(_ client: AWSClient, role: String, region: String) async throws -> [String] {
        try await client.callPages(
            APIOperation(.iam, "ListAttachedRolePolicies"), ["RoleName": .string(role)], region: region
        )
        .flatMap { page -> [ResponseNode] in
            guard case .xml(let tree) = page else { return [] }
            return tree.all("PolicyArn").map(ResponseNode.xml)
        }.compactMap(\.text)
    }
}
