import FleetformDSL
import FleetformEngine
import FleetformModel
import FleetformPlans
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

/// The shipped stacks (`training`, `inference`, `preview`) through the engine and the AWS
/// provider against moto, as `apply` and `destroy` run them: every request the provider sends
/// matches botocore's service models; a refresh right after apply finds every resource as
/// declared, at O(types) calls where the API has a bulk read; changes made outside Fleetform
/// show as drift, type by type; destroy leaves nothing.
@Suite(.serialized) struct ShippedStacksTests {
    static let environment = Environment(name: "wire")

    @Test func applyRefreshDriftAndDestroyWithEveryRequestMatchingTheAPIDefinitions() async throws {
        try await withMoto { moto, transport in
            let provider = Self.provider(moto.client(transport: transport))
            var manifests: [Manifest] = []
            var states: [State] = []
            for stack in [training, inference, preview] {
                let synthesis = stack.synthesize(Self.environment, coverage: AWSResourceCatalog.coverage)
                #expect(!synthesis.hasErrors, "\(synthesis.diagnostics.map { $0.render() })")
                let empty = State(lineage: "wire", stack: stack.name, environment: Self.environment.name)
                let applied = try await Self.run(Self.plan(synthesis.manifest, empty), on: empty, provider)
                #expect(applied.resources.count == synthesis.manifest.resources.count, "\(stack.name)")
                manifests.append(synthesis.manifest)
                states.append(applied)
            }

            // A refresh of each stack (one provider read, as `refresh` does): no drift, at the calls
            // the declarations' read strategies promise.
            for (index, manifest) in manifests.enumerated() {
                provider.client.metrics.reset()
                states[index] = try await Self.refresh(states[index], provider)
                try Self.expectReadCosts(provider.client.metrics, for: Array(states[index].resources.values))
                let replan = try Self.plan(manifest, states[index])
                #expect(!replan.hasChanges, "\(manifest.stack): \(Self.changes(replan))")
            }

            // Changes made outside Fleetform, one per type of `training`, show as drift.
            let changed = try await Self.changeOutsideFleetform(states[0], client: moto.client(transport: transport))
            states[0] = try await Self.refresh(states[0], provider)
            let drifted = Set(
                try Self.plan(manifests[0], states[0]).changes.filter { $0.action != .noOp }.map(\.address))
            #expect(drifted == changed, "drift found: \(drifted.map(\.description).sorted())")
            #expect(Set(changed.map(\.type)).count == 12)

            // Outside production the load balancer's deletion protection is lifted as the delete's
            // first step (moto deletes a protected one anyway; AWS would refuse).
            let protected = states.flatMap(\.resources.values).filter {
                $0.type == "aws_lb" && $0.attributes["enable_deletion_protection"] == true
            }
            #expect(protected.count == 1)
            provider.client.metrics.reset()
            for (manifest, state) in zip(manifests, states) {
                let destroyed = try await Self.run(
                    try Planner().plan(
                        manifest: manifest, state: state, schemas: AWSResourceSchemas.all,
                        options: PlanOptions(destroy: true)), on: state, provider)
                #expect(
                    destroyed.resources.isEmpty, "\(manifest.stack): \(destroyed.resources.keys.map(\.description))")
            }

            #expect(provider.client.metrics.count(.elbv2, action: "ModifyLoadBalancerAttributes") == protected.count)
            let report = try moto.takeWireReport()
            print("shipped stacks (training, inference, preview): \(report)")
            print(report.operations.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            #expect(report.requests > 150)
            #expect(report.problems.isEmpty, "\(report)")
        }
    }

    /// `manifest` with the account filled in as `apply` does: the credentials' account, from STS.
    /// A provider for moto: waits and dependency retries short enough for tests, long enough for moto.
    static func provider(_ client: AWSClient) -> AWSProvider {
        AWSProvider(
            client: client, waiter: Waiter(maxAttempts: 30, interval: .milliseconds(100)),
            dependencyRetry: DependencyRetry(
                initialDelay: .milliseconds(50), maxDelay: .milliseconds(500), maxTotalWait: .seconds(30)))
    }

    static func withAccount(_ manifest: Manifest, _ provider: AWSProvider) async throws -> Manifest {
        guard AccountID.isMentioned(in: manifest) else { return manifest }
        return AccountID.resolving(manifest, account: try await provider.accountID(region: manifest.region))
    }

    static func plan(_ manifest: Manifest, _ state: State) throws -> Plan {
        try Planner().plan(manifest: manifest, state: state, schemas: AWSResourceSchemas.all)
    }

    static func changes(_ plan: Plan) -> [String] {
        plan.changes.filter { $0.action != .noOp }.map { "\($0.address) \($0.action)" }
    }

    /// Runs `plan` as `apply` does (ownership tags, a journal) and fails on any failed operation.
    static func run(_ plan: Plan, on state: State, _ provider: AWSProvider) async throws -> State {
        let executor = Executor(parallelism: 10) { address in
            [
                "fleetform:stack": plan.stack, "fleetform:env": plan.environment,
                "fleetform:address": address.description,
            ]
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")
            .path
        let journal = FileJournal(path: path)
        let outcome = await executor.apply(plan, to: state, provider: provider, journal: journal)
        await journal.close()
        try? FileManager.default.removeItem(atPath: path)
        #expect(
            outcome.succeeded, "\(plan.stack): \(outcome.failures.map { "\($0.operation.address): \($0.message)" })")
        return outcome.state
    }

    /// Reads every resource of `state` in one provider read (as `refresh` does) and puts what it
    /// found back; a resource not found is dropped.
    static func refresh(_ state: State, _ provider: AWSProvider) async throws -> State {
        let read = try await provider.read(Array(state.resources.values))
        var state = state
        for address in state.resources.keys { state.resources[address] = read[address] ?? nil }
        return state
    }

    /// The calls a refresh may cost, from the declarations: a bulk read costs one (paged) call per
    /// region, a parent-wise read one per parent, a per-resource read (APIs without a bulk form:
    /// IAM, EKS, S3's per-bucket configuration) and each per-item read one per resource; a bulk
    /// tag read (ELBv2's DescribeTags) one per chunk of ids and region.
    static func expectReadCosts(_ metrics: APICallCounter, for resources: [ResourceState]) throws {
        var expected: [String: Int] = [:]
        func add(_ operation: APIOperation, _ count: Int) {
            expected["\(operation.service):\(operation.action)", default: 0] += count
        }
        for (type, ofType) in Dictionary(grouping: resources, by: \.type) {
            let declaration = try #require(AWSResourceCatalog.byType[type])
            let regions = Set(ofType.map(\.provider.region)).count
            switch declaration.read {
            case .ec2Filter(let action, _, _, _), .ec2IdList(let action, _, _, _),
                .ec2Nested(let action, _, _, _, _, _):
                add(APIOperation(.ec2, action), regions)
            case .names(let call, _, _, _, _), .all(let call, _, _): add(call.operation, regions)
            case .perParent(let call, _, _, _):
                add(call.operation, Set(ofType.map { try! declaration.idParts($0.id)[0] }).count)
            case .each(let call, _): add(call.operation, ofType.count)
            case .custom: continue
            }
            for itemRead in declaration.itemReads { add(itemRead.call.operation, ofType.count) }
            if case .bulk(let call, _, let chunk, _, _) = declaration.tags.readCall {
                for (_, inRegion) in Dictionary(grouping: ofType, by: \.provider.region) {
                    add(call.operation, (inRegion.count + chunk - 1) / chunk)
                }
            }
        }
        let actual = metrics.snapshot
        for (key, count) in expected {
            let parts = key.split(separator: ":").map(String.init)
            let service = try #require(AWSService(rawValue: parts[0]))
            #expect(
                actual[service]?[parts[1]] == count,
                "\(key): \(actual[service]?[parts[1]] ?? 0) calls, expected \(count)")
        }
        print(
            "refresh of \(resources.count) resources of \(Set(resources.map(\.type)).count) types: \(metrics.summary)")
    }

    /// Changes one resource of every type of `training` through the API, as someone at the console
    /// would; returns their addresses.
    static func changeOutsideFleetform(_ state: State, client: AWSClient) async throws -> Set<ResourceAddress> {
        func first(_ type: String, named name: String? = nil) throws -> ResourceState {
            try #require(
                state.resources.values.filter { $0.type == type && (name == nil || $0.address.name == name) }
                    .sorted { $0.address.description < $1.address.description }.first, "no \(type) in training")
        }
        func ec2(_ action: String, _ parameters: [String: String]) async throws {
            var query = QueryParameters()
            for (name, value) in parameters.sorted(by: { $0.key < $1.key }) { query[name] = value }
            _ = try await client.query(.ec2, action, query, region: "us-east-1")
        }
        var changed: Set<ResourceAddress> = []
        let vpc = try first("aws_vpc")
        try await ec2("ModifyVpcAttribute", ["VpcId": vpc.id, "EnableDnsHostnames.Value": "false"])
        let subnet = try first("aws_subnet")
        try await ec2("ModifySubnetAttribute", ["SubnetId": subnet.id, "MapPublicIpOnLaunch.Value": "true"])
        let group = try first("aws_security_group")
        try await ec2(
            "AuthorizeSecurityGroupIngress",
            [
                "GroupId": group.id, "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22",
                "IpPermissions.1.ToPort": "22", "IpPermissions.1.IpRanges.1.CidrIp": "192.168.0.0/16",
            ])
        let template = try first("aws_launch_template")
        try await ec2(
            "CreateLaunchTemplateVersion",
            ["LaunchTemplateId": template.id, "SourceVersion": "1", "LaunchTemplateData.InstanceType": "g5.xlarge"])
        try await ec2("ModifyLaunchTemplate", ["LaunchTemplateId": template.id, "SetDefaultVersion": "2"])
        let asg = try first("aws_autoscaling_group")
        var resize = QueryParameters()
        resize["AutoScalingGroupName"] = asg.id
        resize["MaxSize"] = "7"
        _ = try await client.query(.autoScaling, "UpdateAutoScalingGroup", resize, region: "us-east-1")
        let role = try first("aws_iam_role")
        var tag = QueryParameters()
        tag["RoleName"] = role.id
        tag["Tags.member.1.Key"] = "owner"
        tag["Tags.member.1.Value"] = "console"
        _ = try await client.query(.iam, "TagRole", tag, region: "us-east-1")
        let policy = try first("aws_iam_role_policy")
        var widened = QueryParameters()
        widened["RoleName"] = role.id
        widened["PolicyName"] = policy.attributes["name"]?.stringValue
        widened["PolicyDocument"] =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
        _ = try await client.query(.iam, "PutRolePolicy", widened, region: "us-east-1")
        let bucket = try first("aws_s3_bucket", named: "datasets")
        var tagging = XMLWriter(root: "Tagging")
        tagging.element("TagSet") { set in
            for (key, value) in bucket.allTagsMap.merging(["owner": "console"], uniquingKeysWith: { a, _ in a }).sorted(
                by: { $0.key < $1.key })
            {
                set.element("Tag") { tag in
                    tag.element("Key", key)
                    tag.element("Value", value)
                }
            }
        }
        _ = try await client.s3(
            "PutBucketTagging", method: "PUT", bucket: bucket.id, subresource: "tagging", body: tagging,
            region: "us-east-1")
        let versioning = try first("aws_s3_bucket_versioning", named: "datasets")
        var suspended = XMLWriter(root: "VersioningConfiguration")
        suspended.element("Status", "Suspended")
        _ = try await client.s3(
            "PutBucketVersioning", method: "PUT", bucket: versioning.id, subresource: "versioning", body: suspended,
            region: "us-east-1")
        let encryption = try first("aws_s3_bucket_server_side_encryption_configuration", named: "datasets")
        _ = try await client.s3(
            "DeleteBucketEncryption", method: "DELETE", bucket: encryption.id, subresource: "encryption",
            region: "us-east-1")
        let lifecycle = try first("aws_s3_bucket_lifecycle_configuration")
        _ = try await client.s3(
            "DeleteBucketLifecycle", method: "DELETE", bucket: lifecycle.id, subresource: "lifecycle",
            region: "us-east-1")
        let replication = try first("aws_s3_bucket_replication_configuration")
        _ = try await client.s3(
            "DeleteBucketReplication", method: "DELETE", bucket: replication.id, subresource: "replication",
            region: "us-east-1")
        for resource in [
            vpc, subnet, group, template, asg, role, policy, bucket, versioning, encryption, lifecycle, replication,
        ] {
            changed.insert(resource.address)
        }
        return changed
    }
}
