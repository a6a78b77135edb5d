import FleetformModel
import Foundation

/// Finds every resource carrying a tag key (Fleetform's `fleetform:stack`) in some regions,
/// whatever state knows of them: the input of the orphan sweep.
///
/// The Resource Groups Tagging API answers for most types in one paged call, but not for every
/// type on every implementation (the emulator leaves out launch templates, groups and fleets),
/// so each EC2, Auto Scaling, EKS and IAM type is also described on its own, filtered by the tag
/// key where the API allows; results are merged by id.
///
/// ```swift
/// let found = try await ResourceInventory(client: provider.client).resources(taggedWith: "fleetform:stack", regions: ["us-east-1"])
/// ```
public struct ResourceInventory: Sendable {
    /// The client calls go through.
    public let client: AWSClient

    /// An inventory reading through `client`.
    public init(client: AWSClient) { self.client = client }

    /// Every live resource in `regions` (and IAM, once) whose tags include `key`.
    public func resources(taggedWith key: String, regions: [String]) async throws -> [CloudResource] {
        // By type and id: one name may be a group's, a role's and an instance profile's.
        var found: [String: CloudResource] = [:]
        func add(_ resources: [CloudResource]) {
            for resource in resources where resource.tags[key] != nil {
                let identity = resource.type + " " + resource.id
                // The first region that lists it wins; a later record only adds a creation time.
                if let known = found[identity] {
                    if known.createdAt == nil, resource.createdAt != nil, known.region == resource.region {
                        found[identity] = resource
                    }
                } else {
                    found[identity] = resource
                }
            }
        }
        // EC2 describes its types with their state; the tagging API may still list one deleted
        // (a NAT gateway stays `deleted` for a while), so for those types EC2's answer is the one.
        let describedByEC2 = Set(Self.ec2Kinds.map(\.type))
        for region in Array(Set(regions)).sorted() {
            add(try await taggingAPI(key, region: region).filter { !describedByEC2.contains($0.type) })
            add(try await ec2(key, region: region))
            add(try await autoScalingGroups(key, region: region))
            add(try await eks(region: region))
            add(try await platform(region: region))
            add(try await eventRules(region: region))
        }
        if let region = regions.sorted().first {
            add(try await iamRoles(region: region))
            add(try await iamPoliciesAndProfiles(region: region))
        }
        for (identity, resource) in found where resource.type == "aws_s3_bucket" {
            found[identity]?.region = try await bucketRegion(resource.id, asking: resource.region) ?? resource.region
        }
        for (identity, resource) in found where resource.type == "aws_kms_key" {
            if try await !isLiveCustomerKey(resource.id, region: resource.region) { found[identity] = nil }
        }
        return found.values.sorted { ($0.region, $0.type, $0.id) < ($1.region, $1.type, $1.id) }
    }

    /// The order resources are torn down in: lower first. What runs on or in other resources
    /// (flow logs, groups, fleets, node groups, NAT gateways, load balancers) goes before what it uses
    /// (addresses, target groups, file systems, endpoints, templates, profiles, roles), then the
    /// internet gateway, subnets and the policies the roles held, route tables, networks last.
    public static func teardownRank(_ type: String) -> Int {
        switch type {
        case "aws_autoscaling_schedule", "aws_lb_listener", "aws_flow_log": return 0
        case "aws_autoscaling_group", "aws_ec2_fleet", "aws_eks_node_group", "aws_nat_gateway", "aws_lb": return 1
        case "aws_eks_cluster", "aws_s3_bucket", "aws_eip", "aws_lb_target_group", "aws_fsx_lustre_file_system",
            "aws_efs_file_system", "aws_vpc_endpoint", "aws_ecr_repository", "aws_iam_instance_profile":
            return 2
        case "aws_launch_template", "aws_iam_role", "aws_internet_gateway": return 3
        case "aws_security_group", "aws_subnet", "aws_iam_policy": return 4
        case "aws_route_table": return 5
        case "aws_vpc": return 6
        default: return 3
        }
    }

    // MARK: - Sources

    /// `GetResources` filtered by the tag key, every page.
    private func taggingAPI(_ key: String, region: String) async throws -> [CloudResource] {
        var resources: [CloudResource] = []
        var token = ""
        for _ in 0..<1000 {
            var body: [String: AttributeValue] = [
                "TagFilters": .list([.map(["Key": .string(key)])]), "ResourcesPerPage": .number(100),
            ]
            if !token.isEmpty { body["PaginationToken"] = .string(token) }
            let page = try await client.json11(
                .tagging, targetPrefix: "ResourceGroupsTaggingAPI_20170126", "GetResources", body: .map(body),
                region: region)
            for mapping in page.mapValue?["ResourceTagMappingList"]?.listValue ?? [] {
                guard let arn = mapping.mapValue?["ResourceARN"]?.stringValue, let (type, id) = Self.typeAndId(arn: arn)
                else {
                    continue
                }
                var tags: [String: String] = [:]
                for tag in mapping.mapValue?["Tags"]?.listValue?.compactMap(\.mapValue) ?? [] {
                    if let tagKey = tag["Key"]?.stringValue { tags[tagKey] = tag["Value"]?.stringValue ?? "" }
                }
                resources.append(CloudResource(type: Self.type(tags: tags) ?? type, id: id, region: region, tags: tags))
            }
            token = page.mapValue?["PaginationToken"]?.stringValue ?? ""
            if token.isEmpty { break }
        }
        return resources
    }

    /// VPCs, subnets, security groups, launch templates, fleets, gateways, addresses, route
    /// tables, endpoints and flow logs with the tag key.
    private func ec2(_ key: String, region: String) async throws -> [CloudResource] {
        var resources: [CloudResource] = []
        for kind in Self.ec2Kinds {
            var parameters = QueryParameters()
            parameters["Filter.1.Name"] = "tag-key"
            parameters["Filter.1.Value.1"] = key
            for page in try await client.queryPages(.ec2, kind.action, parameters, region: region) {
                for item in page.list(kind.set) where kind.isLive(item) {
                    guard let id = item.string(kind.id) else { continue }
                    let tags = EC2Support.tags(of: item)
                    resources.append(
                        CloudResource(
                            type: Self.type(tags: tags) ?? kind.type, id: id, region: region, tags: tags,
                            createdAt: item.string("createTime")))
                }
            }
        }
        return resources
    }

    /// The EC2 types `ec2` describes, each with its Describe call and what makes one live.
    private static var ec2Kinds: [(type: String, action: String, set: String, id: String, isLive: (XMLTree) -> Bool)] {
        [
            ("aws_vpc", "DescribeVpcs", "vpcSet", "vpcId", { _ in true }),
            ("aws_subnet", "DescribeSubnets", "subnetSet", "subnetId", { _ in true }),
            ("aws_security_group", "DescribeSecurityGroups", "securityGroupInfo", "groupId", { _ in true }),
            ("aws_launch_template", "DescribeLaunchTemplates", "launchTemplates", "launchTemplateId", { _ in true }),
            ("aws_ec2_fleet", "DescribeFleets", "fleetSet", "fleetId", Self.isLiveFleet),
            (
                "aws_internet_gateway", "DescribeInternetGateways", "internetGatewaySet", "internetGatewayId",
                Self.always
            ),
            ("aws_eip", "DescribeAddresses", "addressesSet", "allocationId", Self.always),
            ("aws_route_table", "DescribeRouteTables", "routeTableSet", "routeTableId", Self.always),
            ("aws_nat_gateway", "DescribeNatGateways", "natGatewaySet", "natGatewayId", Self.isNotDeleted),
            ("aws_vpc_endpoint", "DescribeVpcEndpoints", "vpcEndpointSet", "vpcEndpointId", Self.isNotDeleted),
            ("aws_flow_log", "DescribeFlowLogs", "flowLogSet", "flowLogId", Self.always),
        ]
    }

    private static func always(_: XMLTree) -> Bool { true }

    /// NAT gateways and VPC endpoints stay listed for a while as `deleting` / `deleted`.
    private static func isNotDeleted(_ item: XMLTree) -> Bool {
        !["deleted", "deleting"].contains(item.string("state")?.lowercased() ?? "")
    }

    /// Deleted fleets stay listed for hours in states `deleted*`; they are not orphans.
    private static func isLiveFleet(_ fleet: XMLTree) -> Bool {
        !(ResourceDeclaration.ec2Fleet.gone?.holds(for: .xml(fleet)) ?? false)
    }

    /// Auto Scaling groups with the tag key (not those being deleted).
    private func autoScalingGroups(_ key: String, region: String) async throws -> [CloudResource] {
        var parameters = QueryParameters()
        parameters["Filters.member.1.Name"] = "tag-key"
        parameters["Filters.member.1.Values.member.1"] = key
        var resources: [CloudResource] = []
        for page in try await client.queryPages(.autoScaling, "DescribeAutoScalingGroups", parameters, region: region) {
            for group in page.all("AutoScalingGroups").flatMap({ $0.children("member") })
            where group.string("Status") != "Delete in progress" {
                guard let name = group.string("AutoScalingGroupName") else { continue }
                resources.append(
                    CloudResource(
                        type: "aws_autoscaling_group", id: name, region: region,
                        tags: EC2Support.tagPairs(group.list("Tags")),
                        createdAt: group.string("CreatedTime")))
            }
        }
        return resources
    }

    /// EKS clusters and their node groups (EKS has no tag filter: every cluster is described).
    private func eks(region: String) async throws -> [CloudResource] {
        var resources: [CloudResource] = []
        let clusters = try await client.restJSON(.eks, "ListClusters", method: "GET", path: "/clusters", region: region)
        for name in clusters.mapValue?["clusters"]?.listValue?.compactMap(\.stringValue) ?? [] {
            let clusterPath = "/clusters/" + AWSPathEncoding.encodeSegment(name)
            guard
                let cluster = try await describeIfPresent({
                    try await client.restJSON(.eks, "DescribeCluster", method: "GET", path: clusterPath, region: region)
                        .mapValue?["cluster"]?.mapValue
                }), cluster["status"]?.stringValue != "DELETING"
            else { continue }
            resources.append(
                CloudResource(
                    type: "aws_eks_cluster", id: name, region: region, tags: Self.tagMap(cluster["tags"]),
                    createdAt: Self.eksTime(cluster["createdAt"])))
            let groups = try await client.restJSON(
                .eks, "ListNodegroups", method: "GET", path: clusterPath + "/node-groups", region: region)
            for group in groups.mapValue?["nodegroups"]?.listValue?.compactMap(\.stringValue) ?? [] {
                guard
                    let nodeGroup = try await describeIfPresent({
                        try await client.restJSON(
                            .eks, "DescribeNodegroup", method: "GET",
                            path: clusterPath + "/node-groups/" + AWSPathEncoding.encodeSegment(group), region: region
                        ).mapValue?["nodegroup"]?.mapValue
                    }), nodeGroup["status"]?.stringValue != "DELETING"
                else { continue }
                resources.append(
                    CloudResource(
                        type: "aws_eks_node_group", id: name + ":" + group, region: region,
                        tags: Self.tagMap(nodeGroup["tags"]), createdAt: Self.eksTime(nodeGroup["createdAt"])))
            }
        }
        return resources
    }

    /// IAM roles (global): ListRoles, then ListRoleTags for each.
    private func iamRoles(region: String) async throws -> [CloudResource] {
        var resources: [CloudResource] = []
        for page in try await client.queryPages(.iam, "ListRoles", QueryParameters(), region: region) {
            for role in page.all("Roles").flatMap({ $0.children("member") }) {
                guard let name = role.string("RoleName") else { continue }
                var parameters = QueryParameters()
                parameters["RoleName"] = name
                guard
                    let pages = try await describeIfPresent({
                        try await client.queryPages(.iam, "ListRoleTags", parameters, region: region)
                    })
                else { continue }
                let tags = EC2Support.tagPairs(pages.flatMap { $0.all("Tags").flatMap { $0.children("member") } })
                resources.append(
                    CloudResource(
                        type: "aws_iam_role", id: name, region: region, tags: tags, createdAt: role.string("CreateDate")
                    ))
            }
        }
        return resources
    }

    /// The region a bucket lives in (the tagging API of some implementations lists every
    /// bucket in every region); nil when the bucket is gone.
    private func bucketRegion(_ bucket: String, asking region: String) async throws -> String? {
        guard
            let response = try await describeIfPresent({
                try await client.s3(
                    "GetBucketLocation", method: "GET", bucket: bucket, subresource: "location", region: region)
            })
        else { return nil }
        let constraint = try XMLTree.parse(response.body).text.trimmingCharacters(in: .whitespaces)
        return constraint.isEmpty ? "us-east-1" : constraint == "EU" ? "eu-west-1" : constraint
    }

    /// `call`'s answer, or nil when the resource vanished between the list and the describe.
    private func describeIfPresent<T>(_ call: () async throws -> T?) async throws -> T? {
        do { return try await call() } catch let error as AWSError where error.isNotFound { return nil }
    }

    // MARK: - Mapping

    /// The type named by a `fleetform:address` tag.
    static func type(tags: [String: String]) -> String? {
        tags[OwnershipTags.address].flatMap(ResourceAddress.init(parsing:))?.type
    }

    /// The Terraform type and the handler's id of an ARN, for the types Fleetform manages.
    static func typeAndId(arn: String) -> (String, String)? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        let service = parts[2]
        let resource = parts[5]
        if service == "s3" { return resource.contains("/") ? nil : ("aws_s3_bucket", resource) }
        if service == "autoscaling", let range = resource.range(of: "autoScalingGroupName/") {
            return ("aws_autoscaling_group", String(resource[range.upperBound...]))
        }
        // A topic's ARN ends in its name alone; an alarm's in `alarm:NAME`.
        if service == "sns" { return resource.contains(":") ? nil : ("aws_sns_topic", arn) }
        if service == "cloudwatch", resource.hasPrefix("alarm:") {
            return ("aws_cloudwatch_metric_alarm", String(resource.dropFirst("alarm:".count)))
        }
        let path = resource.split(separator: "/").map(String.init)
        guard path.count >= 2 else { return nil }
        switch (service, path[0]) {
        case ("ec2", "vpc"): return ("aws_vpc", path[1])
        case ("ec2", "subnet"): return ("aws_subnet", path[1])
        case ("ec2", "security-group"): return ("aws_security_group", path[1])
        case ("ec2", "launch-template"): return ("aws_launch_template", path[1])
        case ("ec2", "fleet"): return ("aws_ec2_fleet", path[1])
        case ("eks", "cluster"): return ("aws_eks_cluster", path[1])
        case ("eks", "nodegroup") where path.count >= 3: return ("aws_eks_node_group", path[1] + ":" + path[2])
        case ("iam", "role"): return ("aws_iam_role", path[path.count - 1])
        case ("iam", "policy"): return ("aws_iam_policy", arn)
        case ("iam", "instance-profile"): return ("aws_iam_instance_profile", path[path.count - 1])
        case ("ec2", "internet-gateway"): return ("aws_internet_gateway", path[1])
        case ("ec2", "elastic-ip"): return ("aws_eip", path[1])
        case ("ec2", "natgateway"): return ("aws_nat_gateway", path[1])
        case ("ec2", "route-table"): return ("aws_route_table", path[1])
        case ("ec2", "vpc-endpoint"): return ("aws_vpc_endpoint", path[1])
        case ("ec2", "vpc-flow-log"): return ("aws_flow_log", path[1])
        case ("fsx", "file-system"): return ("aws_fsx_lustre_file_system", path[1])
        case ("elasticfilesystem", "file-system"): return ("aws_efs_file_system", path[1])
        case ("ecr", "repository"): return ("aws_ecr_repository", path[1...].joined(separator: "/"))
        case ("elasticloadbalancing", "loadbalancer"): return ("aws_lb", arn)
        case ("elasticloadbalancing", "targetgroup"): return ("aws_lb_target_group", arn)
        case ("elasticloadbalancing", "listener"): return ("aws_lb_listener", arn)
        case ("kms", "key"): return ("aws_kms_key", path[1])
        // Rules on the default bus only (`rule/BUS/NAME` is a rule on another bus).
        case ("events", "rule") where path.count == 2: return ("aws_cloudwatch_event_rule", path[1])
        default: return nil
        }
    }

    /// The `key → value` pairs of an EKS `tags` object.
    static func tagMap(_ tags: AttributeValue?) -> [String: String] {
        (tags?.mapValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// EKS reports times as epoch seconds (a number) or RFC 3339 text.
    static func eksTime(_ value: AttributeValue?) -> String? {
        if let text = value?.stringValue { return text }
        guard let seconds = value?.numberValue else { return nil }
        return Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    }
}
