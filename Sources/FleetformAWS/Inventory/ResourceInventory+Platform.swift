import FleetformModel

/// The platform types the orphan sweep also lists: file systems, registries and load balancers
/// (per region), IAM policies and instance profiles (global). Tags come with the listing (FSx,
/// EFS), or from a call per resource (ECR, IAM) or per 20 ARNs (ELBv2).
extension ResourceInventory {
    /// FSx and EFS file systems, ECR repositories, load balancers, target groups and listeners.
    func platform(region: String) async throws -> [CloudResource] {
        var resources: [CloudResource] = []
        let fsx = try await client.call(APIOperation(.fsx, "DescribeFileSystems"), [:], region: region)
        for item in fsx.list("FileSystems") where item.string("Lifecycle") != "DELETING" {
            guard let id = item.string("FileSystemId") else { continue }
            resources.append(
                CloudResource(
                    type: "aws_fsx_lustre_file_system", id: id, region: region,
                    tags: DeclaredResourceHandler.tags(item.node("Tags"), .pairs()), createdAt: nil))
        }
        let efs = try await client.call(
            APIOperation(.efs, "DescribeFileSystems", "GET /2015-02-01/file-systems"), [:], region: region)
        for item in efs.list("FileSystems")
        where !["deleting", "deleted"].contains(item.string("LifeCycleState") ?? "") {
            guard let id = item.string("FileSystemId") else { continue }
            resources.append(
                CloudResource(
                    type: "aws_efs_file_system", id: id, region: region,
                    tags: DeclaredResourceHandler.tags(item.node("Tags"), .pairs()), createdAt: nil))
        }
        let repositories = try await client.call(APIOperation(.ecr, "DescribeRepositories"), [:], region: region)
        for item in repositories.list("repositories") {
            guard let name = item.string("repositoryName"), let arn = item.string("repositoryArn") else { continue }
            let tags = try await client.call(
                APIOperation(.ecr, "ListTagsForResource"), ["resourceArn": .string(arn)], region: region)
            resources.append(
                CloudResource(
                    type: "aws_ecr_repository", id: name, region: region,
                    tags: DeclaredResourceHandler.tags(tags.node("tags"), .pairs()), createdAt: nil))
        }
        resources += try await loadBalancing(region: region)
        return resources
    }

    /// Load balancers, their listeners and target groups, tagged by DescribeTags 20 ARNs a call.
    private func loadBalancing(region: String) async throws -> [CloudResource] {
        var arns: [(type: String, arn: String)] = []
        let balancers = try await client.callPages(APIOperation(.elbv2, "DescribeLoadBalancers"), [:], region: region)
        for balancer in balancers.flatMap({ $0.list("//LoadBalancers") }) {
            guard let arn = balancer.string("LoadBalancerArn") else { continue }
            arns.append(("aws_lb", arn))
            let listeners = try await client.callPages(
                APIOperation(.elbv2, "DescribeListeners"), ["LoadBalancerArn": .string(arn)], region: region)
            arns += listeners.flatMap { $0.list("//Listeners") }.compactMap { $0.string("ListenerArn") }
                .map { ("aws_lb_listener", $0) }
        }
        let groups = try await client.callPages(APIOperation(.elbv2, "DescribeTargetGroups"), [:], region: region)
        arns += groups.flatMap { $0.list("//TargetGroups") }.compactMap { $0.string("TargetGroupArn") }
            .map { ("aws_lb_target_group", $0) }
        var tags: [String: [String: String]] = [:]
        for start in stride(from: 0, to: arns.count, by: 20) {
            let chunk = arns[start..<min(start + 20, arns.count)].map(\.arn)
            let described = try await client.call(
                APIOperation(.elbv2, "DescribeTags"), ["ResourceArns": .strings(chunk)], region: region)
            for description in described.list("//TagDescriptions") {
                guard let arn = description.string("ResourceArn") else { continue }
                tags[arn] = DeclaredResourceHandler.tags(description.node("Tags"), .pairs())
            }
        }
        return arns.map {
            CloudResource(type: $0.type, id: $0.arn, region: region, tags: tags[$0.arn] ?? [:], createdAt: nil)
        }
    }

    /// Customer managed policies (by ARN) and instance profiles (by name), with their tags.
    func iamPoliciesAndProfiles(region: String) async throws -> [CloudResource] {
        var resources: [CloudResource] = []
        let policies = try await client.callPages(
            APIOperation(.iam, "ListPolicies"), ["Scope": "Local"], region: region)
        for policy in policies.flatMap({ $0.list("//Policies") }) {
            guard let arn = policy.string("Arn") else { continue }
            let tags = try await describeOrNil {
                try await client.callPages(
                    APIOperation(.iam, "ListPolicyTags"), ["PolicyArn": .string(arn)], region: region)
            }
            guard let tags else { continue }
            resources.append(
                CloudResource(
                    type: "aws_iam_policy", id: arn, region: region,
                    tags: DeclaredResourceHandler.tags(tags.first?.node("//Tags"), .pairs()),
                    createdAt: policy.string("CreateDate")))
        }
        let profiles = try await client.callPages(APIOperation(.iam, "ListInstanceProfiles"), [:], region: region)
        for profile in profiles.flatMap({ $0.list("//InstanceProfiles") }) {
            guard let name = profile.string("InstanceProfileName") else { continue }
            // GetInstanceProfile carries the tags (moto has no ListInstanceProfileTags).
            let found = try await describeOrNil {
                try await client.call(
                    APIOperation(.iam, "GetInstanceProfile"), ["InstanceProfileName": .string(name)], region: region)
            }
            guard let found else { continue }
            resources.append(
                CloudResource(
                    type: "aws_iam_instance_profile", id: name, region: region,
                    tags: DeclaredResourceHandler.tags(found.node("//InstanceProfile/Tags"), .pairs()),
                    createdAt: profile.string("CreateDate")))
        }
        return resources
    }

    /// `call`'s answer, or nil when the resource vanished between the list and the describe.
    private func describeOrNil<T>(_ call: () async throws -> T?) async throws -> T? {
        do { return try await call() } catch let error as AWSError where error.isNotFound { return nil }
    }
}
