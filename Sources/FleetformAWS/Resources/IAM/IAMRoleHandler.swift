import FleetformModel

/// `aws_iam_role` with `inline_policy` blocks and `managed_policy_arns`: CreateRole, PutRolePolicy,
/// AttachRolePolicy/DetachRolePolicy, TagRole/UntagRole, UpdateAssumeRolePolicy. IAM has no bulk
/// read that returns tags and policies, so a read costs GetRole + ListRolePolicies + one
/// GetRolePolicy per inline policy + ListAttachedRolePolicies, per role. The id is the role name.
struct IAMRoleHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_iam_role" }
    /// IAM is global; its calls are signed for us-east-1 whatever the stack's region.
    private func region(_ provider: ProviderConfig) -> String { provider.region }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let name = try attributes.requiredString("name")
        var parameters = QueryParameters()
        parameters["RoleName"] = name
        parameters["AssumeRolePolicyDocument"] = try attributes.requiredString("assume_role_policy")
        parameters["Description"] = attributes.string("description")
        parameters.append(contentsOf: Self.tagParameters(request.allTags))
        do {
            _ = try await context.client.query(.iam, "CreateRole", parameters, region: region(request.provider))
        } catch let error as AWSError where error.code == "EntityAlreadyExists" {
            guard let existing = try await findCreated(request) else { throw error }
            return existing
        }
        for policy in attributes.blocks("inline_policy") {
            try await putPolicy(role: name, policy, region: region(request.provider))
        }
        for arn in attributes.stringList("managed_policy_arns") {
            try await attach(arn, to: name, attach: true, region: region(request.provider))
        }
        return try await readAfterWrite(
            ResourceState(address: request.address, provider: request.provider, id: name, attributes: [:]),
            for: request, waiter: context.waiter)
    }

    private static func tagParameters(_ tags: [String: String]) -> QueryParameters {
        var parameters = QueryParameters()
        for (n, key) in tags.keys.sorted().enumerated() {
            parameters["Tags.member.\(n + 1).Key"] = key
            parameters["Tags.member.\(n + 1).Value"] = tags[key]
        }
        return parameters
    }

    private func putPolicy(role: String, _ policy: AttributeReader, region: String) async throws {
        var parameters = QueryParameters()
        parameters["RoleName"] = role
        parameters["PolicyName"] = try policy.requiredString("name")
        parameters["PolicyDocument"] = try policy.requiredString("policy")
        _ = try await context.client.query(.iam, "PutRolePolicy", parameters, region: region)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        try await readEach(resources) { resource in
            var parameters = QueryParameters()
            parameters["RoleName"] = resource.id
            return try await context.client.query(.iam, "GetRole", parameters, region: region).first("Role")
        } _: { resource, role in
            var attributes = EC2Support.tagAttributes(EC2Support.tagPairs(role.list("Tags")))
            attributes["name"] = .string(resource.id)
            attributes["arn"] = role.string("Arn").map { .string($0) }
            attributes["unique_id"] = role.string("RoleId").map { .string($0) }
            if let description = role.string("Description"), !description.isEmpty {
                attributes["description"] = .string(description)
            }
            attributes["assume_role_policy"] = .string(
                PolicyDocument.preferring(
                    resource.attributes["assume_role_policy"]?.stringValue,
                    over: role.string("AssumeRolePolicyDocument") ?? ""))
            attributes["inline_policy"] = .list(try await inlinePolicies(of: resource, region: region))
            attributes["managed_policy_arns"] = AttributeValue.strings(
                try await attachedPolicies(resource.id, region: region).sorted(),
                orderedLike: resource.attributes["managed_policy_arns"])
            return attributes
        }
    }

    /// The ARNs of the managed policies attached to `role`.
    private func attachedPolicies(_ role: String, region: String) async throws -> [String] {
        var parameters = QueryParameters()
        parameters["RoleName"] = role
        return try await context.client.queryPages(.iam, "ListAttachedRolePolicies", parameters, region: region)
            .flatMap { $0.all("PolicyArn") }.map(\.text)
    }

    /// AttachRolePolicy (or DetachRolePolicy) of the managed policy `arn`.
    private func attach(_ arn: String, to role: String, attach: Bool, region: String) async throws {
        var parameters = QueryParameters()
        parameters["RoleName"] = role
        parameters["PolicyArn"] = arn
        _ = try await context.client.query(.iam, attach ? "AttachRolePolicy" : "DetachRolePolicy", parameters, region: region)
    }

    private func inlinePolicies(of resource: ResourceState, region: String) async throws -> [AttributeValue] {
        var parameters = QueryParameters()
        parameters["RoleName"] = resource.id
        let names = try await context.client.queryPages(.iam, "ListRolePolicies", parameters, region: region)
            .flatMap { $0.first("PolicyNames")?.children ?? [] }.map(\.text).sorted()
        let prior = Dictionary(
            (resource.attributes["inline_policy"]?.listValue ?? []).compactMap(\.mapValue).compactMap { map in
                map["name"]?.stringValue.map { ($0, map["policy"]?.stringValue) }
            }, uniquingKeysWith: { first, _ in first })
        var policies: [AttributeValue] = []
        for name in names {
            var get = parameters
            get["PolicyName"] = name
            let document =
                try await context.client.query(.iam, "GetRolePolicy", get, region: region)
                .first("PolicyDocument")?.text ?? ""
            policies.append(
                .map([
                    "name": .string(name),
                    "policy": .string(PolicyDocument.preferring(prior[name] ?? nil, over: document)),
                ]))
        }
        return policies
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let region = region(request.provider)
        let attributes = AttributeReader(request)
        let current = try await existing(prior)
        if let policy = attributes.string("assume_role_policy"),
            current.attributes["assume_role_policy"]?.stringValue != policy
        {
            var parameters = QueryParameters()
            parameters["RoleName"] = prior.id
            parameters["PolicyDocument"] = policy
            _ = try await context.client.query(.iam, "UpdateAssumeRolePolicy", parameters, region: region)
        }
        let desired = attributes.blocks("inline_policy")
        let desiredNames = Set(desired.compactMap { $0.string("name") })
        let currentPolicies = (current.attributes["inline_policy"]?.listValue ?? []).compactMap(\.mapValue)
        for policy in currentPolicies {
            guard let name = policy["name"]?.stringValue, !desiredNames.contains(name) else { continue }
            var parameters = QueryParameters()
            parameters["RoleName"] = prior.id
            parameters["PolicyName"] = name
            _ = try await context.client.query(.iam, "DeleteRolePolicy", parameters, region: region)
        }
        for policy in desired {
            let existing = currentPolicies.first { $0["name"]?.stringValue == policy.string("name") }?["policy"]?
                .stringValue
            if existing.flatMap(PolicyDocument.canonical) != policy.string("policy").flatMap(PolicyDocument.canonical) {
                try await putPolicy(role: prior.id, policy, region: region)
            }
        }
        let attached = Set(current.attributes["managed_policy_arns"]?.listValue?.compactMap(\.stringValue) ?? [])
        let wanted = Set(attributes.stringList("managed_policy_arns"))
        for arn in attached.subtracting(wanted).sorted() { try await attach(arn, to: prior.id, attach: false, region: region) }
        for arn in wanted.subtracting(attached).sorted() { try await attach(arn, to: prior.id, attach: true, region: region) }
        let old = current.allTagsMap
        let new = request.allTags
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        if !removed.isEmpty {
            var parameters = QueryParameters()
            parameters["RoleName"] = prior.id
            parameters.setMembers("TagKeys", removed)
            _ = try await context.client.query(.iam, "UntagRole", parameters, region: region)
        }
        let changedTags = new.filter { old[$0.key] != $0.value }
        if !changedTags.isEmpty {
            var parameters = Self.tagParameters(changedTags)
            parameters["RoleName"] = prior.id
            _ = try await context.client.query(.iam, "TagRole", parameters, region: region)
        }
        return try await readAfterWrite(prior, for: request, waiter: context.waiter)
    }

    /// Deletes inline policies, detaches managed policies, then the role; already gone is done.
    func delete(_ resource: ResourceState) async throws {
        let region = region(resource.provider)
        var parameters = QueryParameters()
        parameters["RoleName"] = resource.id
        try await deleteIfPresent {
            let names = try await context.client.queryPages(.iam, "ListRolePolicies", parameters, region: region)
                .flatMap { $0.first("PolicyNames")?.children ?? [] }.map(\.text)
            for name in names {
                var delete = parameters
                delete["PolicyName"] = name
                _ = try await context.client.query(.iam, "DeleteRolePolicy", delete, region: region)
            }
            for arn in try await attachedPolicies(resource.id, region: region) {
                try await attach(arn, to: resource.id, attach: false, region: region)
            }
            _ = try await context.client.query(.iam, "DeleteRole", parameters, region: region)
        }
    }

    /// Role names are unique per account: the name finds the role, which is ours only if it carries
    /// our `fleetform:address` tag.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        guard let name = AttributeReader(request).string("name") else { return nil }
        return try await findOwned(request, id: name)
    }
}
