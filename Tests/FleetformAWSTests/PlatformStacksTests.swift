import FleetformDSL
import FleetformEngine
import FleetformModel
import FleetformPlans
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

/// What the shipped stacks declare carries real work, checked in the cloud (moto, signatures
/// checked) rather than in the manifest: `training` in production applies a network whose
/// private subnets route to the internet through a NAT gateway and to S3 through the gateway
/// endpoint, nodes whose instance profile's policy names exactly the declared buckets, a Lustre
/// file system linked to `datasets`, buckets under the stack's KMS keys (the replica's in the DR
/// region), and a registry; `inference` serves through a load balancer
/// with its pool's group attached and its deletion protection on (destroy refused until it is
/// declared off and applied). Re-plans are clean, refreshes cost O(types) calls, a change
/// made outside Fleetform to any new type shows as drift, and destroy leaves nothing tagged.
@Suite(.serialized) struct PlatformStacksTests {
    static let production = Environment(name: "prod", root: TestData.repositoryRoot.path)

    @Test func trainingInProductionAndInferenceCarryRealWork() async throws {
        try await withMoto { moto, transport in
            let client = moto.client(transport: transport)
            let provider = ShippedStacksTests.provider(client)
            var manifests: [Manifest] = []
            var states: [State] = []
            // `inference` serves HTTPS with a certificate requested from ACM, as a team gives it one.
            let certificate = try await Self.requestCertificate(client)
            for stack in [training, inference] {
                let environment =
                    stack.name == inference.name
                    ? Environment(
                        name: "prod", variables: ["certificate": certificate], root: TestData.repositoryRoot.path)
                    : Self.production
                let synthesis = stack.synthesize(environment, coverage: AWSResourceCatalog.coverage)
                #expect(synthesis.diagnostics.isEmpty, "\(synthesis.diagnostics.map { $0.render() })")
                let manifest = try await ShippedStacksTests.withAccount(synthesis.manifest, provider)
                let empty = State(lineage: "platform", stack: stack.name, environment: Self.production.name)
                let applied = try await ShippedStacksTests.run(
                    ShippedStacksTests.plan(manifest, empty), on: empty, provider)
                #expect(applied.resources.count == manifest.resources.count, "\(stack.name)")
                manifests.append(manifest)
                states.append(applied)
            }

            try await Self.expectRoutableNetwork(states[0], client)
            try await Self.expectNodeIdentity(states[0], manifest: manifests[0], client)
            try await Self.expectStorageAndRegistry(states[0], client)
            try await Self.expectDataUnderTheStackKeys(
                states[0], client, account: try await provider.accountID(region: "us-east-1"))
            try await Self.expectServing(states[1], certificate: certificate, client)

            for (index, manifest) in manifests.enumerated() {
                provider.client.metrics.reset()
                states[index] = try await ShippedStacksTests.refresh(states[index], provider)
                try ShippedStacksTests.expectReadCosts(
                    provider.client.metrics, for: Array(states[index].resources.values))
                let replan = try ShippedStacksTests.plan(manifest, states[index])
                #expect(!replan.hasChanges, "\(manifest.stack): \(ShippedStacksTests.changes(replan))")
            }

            // One change outside Fleetform per new type shows as drift on exactly those resources.
            var changed: [Set<ResourceAddress>] = [[], []]
            changed[0] = try await Self.changeOutsideFleetform(states[0], client)
            changed[1] = try await Self.changeOutsideFleetform(states[1], client)
            var driftedTypes: Set<String> = []
            for index in manifests.indices {
                states[index] = try await ShippedStacksTests.refresh(states[index], provider)
                let drifted = Set(
                    try ShippedStacksTests.plan(manifests[index], states[index]).changes.filter { $0.action != .noOp }
                        .map(\.address))
                #expect(drifted == changed[index], "drift found: \(drifted.map(\.description).sorted())")
                driftedTypes.formUnion(drifted.map(\.type))
            }
            #expect(driftedTypes == Self.newTypes, "\(Self.newTypes.subtracting(driftedTypes).sorted())")

            // The production load balancer is protected: destroy is refused at plan, before any
            // change (moto 5.2.1 would delete it anyway; AWS refuses). Declared off and applied
            // first, it goes.
            let refused = try #require(throws: DiagnosticsError.self) {
                try Planner().plan(
                    manifest: manifests[1], state: states[1], schemas: AWSResourceSchemas.all,
                    options: PlanOptions(destroy: true))
            }
            #expect(refused.diagnostics.map(\.address?.description) == ["module.ranking.aws_lb.ranking"])
            manifests[1] = Self.withoutDeletionProtection(manifests[1])
            // (The plan also puts back what the drift check changed outside Fleetform.)
            let unprotect = try ShippedStacksTests.plan(manifests[1], states[1])
            let balancerChange = unprotect.changes.first { $0.address.description == "module.ranking.aws_lb.ranking" }
            #expect(balancerChange?.action == .update)
            #expect(balancerChange?.changedAttributes.contains("enable_deletion_protection") == true)
            states[1] = try await ShippedStacksTests.run(unprotect, on: states[1], provider)
            #expect(try await Self.deletionProtection(states[1], client) == "false")

            // Production's log buckets outlive the destroy, with their settings, in the cloud and
            // in the state; a destroy told to delete what is retained takes them too.
            for (manifest, state) in zip(manifests, states) {
                let retained = Set(manifest.resources.filter(\.lifecycle.retainOnDestroy).map(\.address))
                #expect(retained.contains(ResourceAddress(type: "aws_s3_bucket", name: "fleetform_logs")))
                var left = try await ShippedStacksTests.run(
                    try Planner().plan(
                        manifest: manifest, state: state, schemas: AWSResourceSchemas.all,
                        options: PlanOptions(destroy: true)), on: state, provider)
                #expect(Set(left.resources.keys) == retained, "\(manifest.stack)")
                let logs = try Self.one(left, "aws_s3_bucket.fleetform_logs")
                _ = try await client.s3("HeadBucket", method: "HEAD", bucket: logs.id, region: "us-east-1")
                left = try await ShippedStacksTests.run(
                    try Planner().plan(
                        manifest: manifest, state: left, schemas: AWSResourceSchemas.all,
                        options: PlanOptions(destroy: true, deleteRetained: true)), on: left, provider)
                #expect(left.resources.isEmpty, "\(manifest.stack): \(left.resources.keys.map(\.description))")
            }
            try await Self.expectNothingTagged(client)

            let report = try moto.takeWireReport()
            print("platform stacks (training prod, inference prod): \(report)")
            #expect(report.problems.isEmpty, "\(report)")
        }
    }

    /// EFS (no shipped stack uses it): a pool mounting it applies, reads back clean at the calls
    /// the declarations promise, shows drift, and destroys, every request wire-clean.
    @Test func anEFSFileSystemMountedByAPool() async throws {
        try await withMoto { moto, transport in
            let client = moto.client(transport: transport)
            let provider = ShippedStacksTests.provider(client)
            let stack = Stack("shared", region: .usEast1) { _ in
                let net = Network("core", cidr: "10.12.0.0/16", zones: 2).nat(.none)
                let home = FileSystem("home", .efs()).usage(storedGigabytes: 100)
                GPUNodePool("workers", network: net).instanceTypes("g6.xlarge").capacity(min: 0, desired: 0, max: 2)
                    .mounts(home)
            }
            let synthesis = stack.synthesize(Environment(name: "wire"), coverage: AWSResourceCatalog.coverage)
            #expect(!synthesis.hasErrors, "\(synthesis.diagnostics.map { $0.render() })")
            let empty = State(lineage: "efs", stack: "shared", environment: "wire")
            var state = try await ShippedStacksTests.run(
                ShippedStacksTests.plan(synthesis.manifest, empty), on: empty, provider)
            #expect(state.resources.count == synthesis.manifest.resources.count)

            let fileSystem = try Self.one(state, "aws_efs_file_system.home")
            let targets = try await client.call(
                APIOperation(.efs, "DescribeMountTargets", "GET /2015-02-01/mount-targets?FileSystemId"),
                ["FileSystemId": .string(fileSystem.id)], region: "us-east-1")
            let subnets = Set(Self.resources(state, "aws_subnet").map(\.id))
            #expect(Set(targets.list("MountTargets").compactMap { $0.string("SubnetId") }) == subnets)

            provider.client.metrics.reset()
            state = try await ShippedStacksTests.refresh(state, provider)
            try ShippedStacksTests.expectReadCosts(provider.client.metrics, for: Array(state.resources.values))
            #expect(!(try ShippedStacksTests.plan(synthesis.manifest, state).hasChanges))

            _ = try await client.call(
                APIOperation(.efs, "TagResource", "POST /2015-02-01/resource-tags/{ResourceId}"),
                ["ResourceId": .string(fileSystem.id), "Tags": .list([.map(["Key": "owner", "Value": "console"])])],
                region: "us-east-1")
            let target = try #require(Self.resources(state, "aws_efs_mount_target").first)
            _ = try await client.call(
                APIOperation(.efs, "DeleteMountTarget", "DELETE /2015-02-01/mount-targets/{MountTargetId}"),
                ["MountTargetId": .string(target.id)], region: "us-east-1")
            state = try await ShippedStacksTests.refresh(state, provider)
            let drifted = Set(
                try ShippedStacksTests.plan(synthesis.manifest, state).changes.filter { $0.action != .noOp }.map(
                    \.address))
            #expect(drifted == [fileSystem.address, target.address], "\(drifted.map(\.description).sorted())")

            let destroyed = try await ShippedStacksTests.run(
                try Planner().plan(
                    manifest: synthesis.manifest, state: state, schemas: AWSResourceSchemas.all,
                    options: PlanOptions(destroy: true)), on: state, provider)
            #expect(destroyed.resources.isEmpty)
            let left = try await client.call(
                APIOperation(.efs, "DescribeFileSystems", "GET /2015-02-01/file-systems"), [:], region: "us-east-1")
            #expect(left.list("FileSystems").isEmpty)
            let report = try moto.takeWireReport()
            print("efs: \(report)")
            #expect(report.problems.isEmpty, "\(report)")
        }
    }

    /// The resource types issue 14 added.
    static let newTypes: Set<String> = [
        "aws_internet_gateway", "aws_eip", "aws_nat_gateway", "aws_route_table", "aws_route",
        "aws_route_table_association", "aws_vpc_endpoint", "aws_iam_policy", "aws_iam_role_policy_attachment",
        "aws_iam_instance_profile", "aws_fsx_lustre_file_system", "aws_ecr_repository", "aws_ecr_lifecycle_policy",
        "aws_lb", "aws_lb_target_group", "aws_lb_listener", "aws_autoscaling_attachment",
    ]
    // (EFS's two types are checked by `anEFSFileSystemMountedByAPool`.)

    static func resources(_ state: State, _ type: String) -> [ResourceState] {
        state.resources.values.filter { $0.type == type }.sorted { $0.address.description < $1.address.description }
    }

    static func one(_ state: State, _ address: String) throws -> ResourceState {
        try #require(state.resources.values.first { $0.address.description == address }, "no \(address)")
    }

    static func ec2(_ client: AWSClient, _ action: String, _ input: [String: AttributeValue]) async throws
        -> ResponseNode
    {
        try await client.call(APIOperation(.ec2, action), input, region: "us-east-1")
    }

    static func filter(_ name: String, _ values: [String]) -> AttributeValue {
        .list([.map(["Name": .string(name), "Value": .strings(values)])])
    }

    /// Every private subnet's route table sends 0.0.0.0/0 to a NAT gateway in a public subnet and
    /// is on the S3 gateway endpoint.
    static func expectRoutableNetwork(_ state: State, _ client: AWSClient) async throws {
        let vpc = try one(state, "aws_vpc.core")
        let tables = try await ec2(client, "DescribeRouteTables", ["Filter": filter("vpc-id", [vpc.id])])
            .list("routeTableSet")
        let gateways = try await ec2(client, "DescribeNatGateways", ["Filter": filter("vpc-id", [vpc.id])])
            .list("natGatewaySet")
        let natIDs = Set(gateways.compactMap { $0.string("natGatewayId") })
        #expect(natIDs.count == 3)
        let publicSubnets = Set(resources(state, "aws_subnet").filter { $0.address.name == "core_public" }.map(\.id))
        #expect(gateways.allSatisfy { publicSubnets.contains($0.string("subnetId") ?? "") })
        let endpoint = try await ec2(
            client, "DescribeVpcEndpoints", ["VpcEndpointId": .strings([try one(state, "aws_vpc_endpoint.core_s3").id])]
        ).list("vpcEndpointSet").first
        let endpointTables = Set(endpoint?.list("routeTableIdSet").compactMap(\.text) ?? [])
        #expect(endpoint?.string("serviceName") == "com.amazonaws.us-east-1.s3")
        let privateSubnets = resources(state, "aws_subnet").filter { $0.address.name == "core" }
        #expect(privateSubnets.count == 3)
        for subnet in privateSubnets {
            let table = try #require(
                tables.first { table in
                    table.list("associationSet").contains { $0.string("subnetId") == subnet.id }
                }, "no route table for \(subnet.address)")
            let tableID = try #require(table.string("routeTableId"))
            let defaultRoute = table.list("routeSet").first { $0.string("destinationCidrBlock") == "0.0.0.0/0" }
            #expect(natIDs.contains(defaultRoute?.string("natGatewayId") ?? ""), "\(subnet.address): no NAT route")
            #expect(endpointTables.contains(tableID), "\(subnet.address): its table is not on the S3 endpoint")
            // The endpoint's route to S3's prefix list (moto adds it, as AWS does).
            #expect(
                table.list("routeSet").contains { $0.string("gatewayId") == endpoint?.string("vpcEndpointId") },
                "\(subnet.address): no route to the S3 endpoint")
        }
    }

    /// The pool's instance profile holds its role, whose own policy names exactly the declared buckets.
    static func expectNodeIdentity(_ state: State, manifest: Manifest, _ client: AWSClient) async throws {
        let profile = try await client.call(
            APIOperation(.iam, "GetInstanceProfile"),
            ["InstanceProfileName": .string(try one(state, "aws_iam_instance_profile.trainers").id)],
            region: "us-east-1")
        let role = try #require(profile.string("//InstanceProfile/Roles/member/RoleName"))
        #expect(role == (try one(state, "aws_iam_role.trainers").id))
        let attached = try await client.call(
            APIOperation(.iam, "ListAttachedRolePolicies"), ["RoleName": .string(role)], region: "us-east-1")
        let arns = Set(attached.list("//AttachedPolicies").compactMap { $0.string("PolicyArn") })
        let policyARN = try one(state, "aws_iam_policy.trainers").id
        #expect(arns.contains(policyARN))
        #expect(arns.contains("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))
        let policy = try await client.call(
            APIOperation(.iam, "GetPolicy"), ["PolicyArn": .string(policyARN)], region: "us-east-1")
        let version = try #require(policy.string("//Policy/DefaultVersionId"))
        let document = try await client.call(
            APIOperation(.iam, "GetPolicyVersion"), ["PolicyArn": .string(policyARN), "VersionId": .string(version)],
            region: "us-east-1")
        let text = PolicyDocument.decode(try #require(document.string("//PolicyVersion/Document")))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var named: Set<String> = []
        for statement in json["Statement"] as? [[String: Any]] ?? [] {
            for resource in statement["Resource"] as? [String] ?? [] where resource.hasPrefix("arn:aws:s3:::") {
                named.insert(String(resource.dropFirst("arn:aws:s3:::".count).split(separator: "/")[0]))
            }
        }
        let declared = Set(
            ["datasets", "checkpoints"].map { name in
                manifest.resources.first { $0.address.description == "aws_s3_bucket.\(name)" }?.attributes["bucket"]?
                    .stringValue ?? "?"
            })
        #expect(named == declared)
        let template = try one(state, "aws_launch_template.trainers")
        #expect(
            template.attributes["iam_instance_profile"]?.listValue?.first?.mapValue?["name"]
                == .string(profile.string("//InstanceProfile/InstanceProfileName") ?? "?"))
    }

    static func expectStorageAndRegistry(_ state: State, _ client: AWSClient) async throws {
        let scratch = try one(state, "aws_fsx_lustre_file_system.scratch")
        let datasets = try one(state, "aws_s3_bucket.datasets")
        let found = try await client.call(
            APIOperation(.fsx, "DescribeFileSystems"), ["FileSystemIds": .strings([scratch.id])], region: "us-east-1")
        let fileSystem = try #require(found.list("FileSystems").first)
        #expect(fileSystem.string("FileSystemType") == "LUSTRE")
        #expect(fileSystem.string("StorageCapacity") == "2400")
        let importPath =
            fileSystem.string("LustreConfiguration/DataRepositoryConfiguration/ImportPath")
            ?? fileSystem.string("LustreConfiguration/ImportPath")
        #expect(importPath == "s3://" + datasets.id)
        let registry = try one(state, "aws_ecr_repository.images")
        let repositories = try await client.call(
            APIOperation(.ecr, "DescribeRepositories"), ["repositoryNames": .strings([registry.id])],
            region: "us-east-1")
        let repository = try #require(repositories.list("repositories").first)
        #expect(repository.string("imageTagMutability") == "IMMUTABLE")
        #expect(repository.string("imageScanningConfiguration/scanOnPush") == "true")
    }

    /// `manifest` with its load balancers' deletion protection declared off.
    static func withoutDeletionProtection(_ manifest: Manifest) -> Manifest {
        var manifest = manifest
        for index in manifest.resources.indices where manifest.resources[index].type == "aws_lb" {
            manifest.resources[index].attributes["enable_deletion_protection"] = false
        }
        return manifest
    }

    /// The inference load balancer's `deletion_protection.enabled`, as ELB reports it.
    static func deletionProtection(_ state: State, _ client: AWSClient) async throws -> String? {
        let balancer = try one(state, "module.ranking.aws_lb.ranking")
        let attributes = try await client.call(
            APIOperation(.elbv2, "DescribeLoadBalancerAttributes"), ["LoadBalancerArn": .string(balancer.id)],
            region: "us-east-1")
        return attributes.list("//Attributes").first { $0.string("Key") == "deletion_protection.enabled" }?
            .string("Value")
    }

    /// An ACM certificate for the inference endpoint's name (moto issues it without validation).
    static func requestCertificate(_ client: AWSClient) async throws -> String {
        let answer = try await client.call(
            APIOperation(.acm, "RequestCertificate"),
            ["DomainName": "ranking.internal.example.com", "ValidationMethod": "DNS"], region: "us-east-1")
        return try #require(answer.string("CertificateArn"), "RequestCertificate answered no ARN")
    }

    static func expectServing(_ state: State, certificate: String, _ client: AWSClient) async throws {
        let prefix = "module.ranking."
        #expect(try await deletionProtection(state, client) == "true")
        let balancer = try one(state, prefix + "aws_lb.ranking")
        let balancers = try await client.call(
            APIOperation(.elbv2, "DescribeLoadBalancers"), ["LoadBalancerArns": .strings([balancer.id])],
            region: "us-east-1")
        #expect(balancers.string("//LoadBalancers/member/Scheme") == "internal")
        let targetGroup = try one(state, prefix + "aws_lb_target_group.ranking")
        let group = try one(state, prefix + "aws_autoscaling_group.servers")
        let attached = try await client.call(
            APIOperation(.autoScaling, "DescribeLoadBalancerTargetGroups"), ["AutoScalingGroupName": .string(group.id)],
            region: "us-east-1")
        #expect(
            attached.list("//LoadBalancerTargetGroups").compactMap { $0.string("LoadBalancerTargetGroupARN") } == [
                targetGroup.id
            ])
        let listeners = try await client.call(
            APIOperation(.elbv2, "DescribeListeners"), ["LoadBalancerArn": .string(balancer.id)], region: "us-east-1")
        // HTTPS on 443 with the certificate and a TLS 1.2+ policy forwards to the nodes; 80 redirects to it.
        var byPort: [String: ResponseNode] = [:]
        for listener in listeners.list("//Listeners") { byPort[listener.string("Port") ?? ""] = listener }
        #expect(byPort.keys.sorted() == ["443", "80"])
        let https = try #require(byPort["443"])
        #expect(https.string("Protocol") == "HTTPS")
        #expect(https.string("SslPolicy") == InferenceEndpoint.defaultTLSPolicy)
        #expect(https.string("Certificates/member/CertificateArn") == certificate)
        #expect(https.string("DefaultActions/member/TargetGroupArn") == targetGroup.id)
        let redirect = try #require(byPort["80"])
        #expect(redirect.string("Protocol") == "HTTP")
        #expect(redirect.string("DefaultActions/member/Type") == "redirect")
        #expect(redirect.string("DefaultActions/member/RedirectConfig/Protocol") == "HTTPS")
        #expect(redirect.string("DefaultActions/member/RedirectConfig/Port") == "443")
        #expect(redirect.string("DefaultActions/member/RedirectConfig/StatusCode") == "HTTP_301")
    }

    /// Changes one resource of each new type the state holds, as someone at the console would.
    static func changeOutsideFleetform(_ state: State, _ client: AWSClient) async throws -> Set<ResourceAddress> {
        var changed: Set<ResourceAddress> = []
        let region = "us-east-1"
        let console: AttributeValue = .list([.map(["Key": "owner", "Value": "console"])])
        func first(_ type: String) -> ResourceState? { resources(state, type).first }
        for type in ["aws_internet_gateway", "aws_eip", "aws_nat_gateway", "aws_route_table", "aws_vpc_endpoint"] {
            guard let resource = first(type) else { continue }
            _ = try await ec2(client, "CreateTags", ["ResourceId": .strings([resource.id]), "Tag": console])
            changed.insert(resource.address)
        }
        if let route = first("aws_route") {
            let parts = route.id.split(separator: "_", maxSplits: 1).map(String.init)
            _ = try await ec2(
                client, "DeleteRoute", ["RouteTableId": .string(parts[0]), "DestinationCidrBlock": .string(parts[1])])
            changed.insert(route.address)
        }
        if let association = first("aws_route_table_association") {
            _ = try await ec2(client, "DisassociateRouteTable", ["AssociationId": .string(association.id)])
            changed.insert(association.address)
        }
        if let policy = first("aws_iam_policy") {
            _ = try await client.call(
                APIOperation(.iam, "TagPolicy"), ["PolicyArn": .string(policy.id), "Tags": console], region: region)
            changed.insert(policy.address)
        }
        if let attachment = resources(state, "aws_iam_role_policy_attachment").first(where: { $0.address.key == "ssm" })
        {
            let parts = attachment.id.split(separator: "/", maxSplits: 1).map(String.init)
            _ = try await client.call(
                APIOperation(.iam, "DetachRolePolicy"),
                ["RoleName": .string(parts[0]), "PolicyArn": .string(parts[1])],
                region: region)
            changed.insert(attachment.address)
        }
        if let profile = first("aws_iam_instance_profile") {
            _ = try await client.call(
                APIOperation(.iam, "TagInstanceProfile"),
                ["InstanceProfileName": .string(profile.id), "Tags": console],
                region: region)
            changed.insert(profile.address)
        }
        if let fileSystem = first("aws_fsx_lustre_file_system"), let arn = fileSystem.attributes["arn"] {
            _ = try await client.call(
                APIOperation(.fsx, "TagResource"), ["ResourceARN": arn, "Tags": console], region: region)
            changed.insert(fileSystem.address)
        }
        if let repository = first("aws_ecr_repository"), let arn = repository.attributes["arn"] {
            _ = try await client.call(
                APIOperation(.ecr, "TagResource"), ["resourceArn": arn, "tags": console], region: region)
            changed.insert(repository.address)
        }
        if let lifecycle = first("aws_ecr_lifecycle_policy") {
            let policy =
                #"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":5},"action":{"type":"expire"}}]}"#
            _ = try await client.call(
                APIOperation(.ecr, "PutLifecyclePolicy"),
                ["repositoryName": .string(lifecycle.id), "lifecyclePolicyText": .string(policy)], region: region)
            changed.insert(lifecycle.address)
        }
        for type in ["aws_lb", "aws_lb_target_group", "aws_lb_listener"] {
            guard let resource = first(type) else { continue }
            _ = try await client.call(
                APIOperation(.elbv2, "AddTags"), ["ResourceArns": .strings([resource.id]), "Tags": console],
                region: region)
            changed.insert(resource.address)
        }
        if let attachment = first("aws_autoscaling_attachment") {
            let parts = attachment.id.split(separator: "/", maxSplits: 1).map(String.init)
            _ = try await client.call(
                APIOperation(.autoScaling, "DetachLoadBalancerTargetGroups"),
                ["AutoScalingGroupName": .string(parts[0]), "TargetGroupARNs": .strings([parts[1]])], region: region)
            changed.insert(attachment.address)
        }
        return changed
    }

    /// Nothing carrying `fleetform:stack` is left, by the tagging API and the per-service listings
    /// of the new types.
    static func expectNothingTagged(_ client: AWSClient) async throws {
        let region = "us-east-1"
        let owned = filter("tag-key", ["fleetform:stack"])
        for (action, set) in [
            ("DescribeInternetGateways", "internetGatewaySet"), ("DescribeAddresses", "addressesSet"),
            ("DescribeRouteTables", "routeTableSet"),
            ("DescribeVpcs", "vpcSet"), ("DescribeSubnets", "subnetSet"),
        ] {
            let left = try await ec2(client, action, ["Filter": owned]).list(set)
            #expect(left.isEmpty, "\(action): \(left.count) left")
        }
        // moto ignores tag filters on these two: every one must be gone or deleted.
        let gateways = try await ec2(client, "DescribeNatGateways", [:]).list("natGatewaySet")
        #expect(gateways.allSatisfy { $0.string("state") == "deleted" })
        let endpoints = try await ec2(client, "DescribeVpcEndpoints", [:]).list("vpcEndpointSet")
        #expect(endpoints.allSatisfy { $0.string("state")?.lowercased() == "deleted" })
        let fileSystems = try await client.call(APIOperation(.fsx, "DescribeFileSystems"), [:], region: region)
        #expect(fileSystems.list("FileSystems").isEmpty)
        let repositories = try await client.call(APIOperation(.ecr, "DescribeRepositories"), [:], region: region)
        #expect(repositories.list("repositories").isEmpty)
        let balancers = try await client.call(APIOperation(.elbv2, "DescribeLoadBalancers"), [:], region: region)
        #expect(balancers.list("//LoadBalancers").isEmpty)
        let profiles = try await client.call(APIOperation(.iam, "ListInstanceProfiles"), [:], region: region)
        #expect(profiles.list("//InstanceProfiles").isEmpty)
        let policies = try await client.call(APIOperation(.iam, "ListPolicies"), ["Scope": "Local"], region: region)
        #expect(policies.list("//Policies").isEmpty)
    }
}
