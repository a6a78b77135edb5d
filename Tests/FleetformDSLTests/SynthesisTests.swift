import FleetformDSL
import FleetformModules
import FleetformPlans
import Foundation
import Testing

@Suite struct SynthesisTests {
    func manifest(_ stack: Stack, env: String = "dev") throws -> Manifest {
        let synthesis = stack.synthesize(Environment(name: env))
        #expect(synthesis.diagnostics.isEmpty, "\(synthesis.diagnostics.map { $0.render() })")
        return synthesis.manifest
    }

    @Test func trainingExpandsIntoTheDeclaredResources() throws {
        let m = try manifest(training)
        let addresses = Set(m.resources.map(\.address.description))
        let expected: Set<String> = [
            "aws_vpc.core", "aws_subnet.core[\"us-east-1a\"]", "aws_subnet.core[\"us-east-1b\"]",
            "aws_subnet.core[\"us-east-1c\"]", "aws_security_group.core", "aws_launch_template.trainers",
            "aws_autoscaling_group.trainers", "aws_s3_bucket.datasets", "aws_s3_bucket_versioning.datasets",
            "aws_s3_bucket_server_side_encryption_configuration.datasets", "aws_s3_bucket.checkpoints",
            "aws_s3_bucket_versioning.checkpoints", "aws_s3_bucket_server_side_encryption_configuration.checkpoints",
            "aws_s3_bucket_lifecycle_configuration.checkpoints", "aws_s3_bucket.checkpoints_replica",
            "aws_s3_bucket_versioning.checkpoints_replica",
            "aws_s3_bucket_server_side_encryption_configuration.checkpoints_replica",
            "aws_iam_role.checkpoints_replication", "aws_iam_role_policy.checkpoints_replication",
            "aws_s3_bucket_replication_configuration.checkpoints",
            // A routable network (one NAT gateway outside production).
            "aws_internet_gateway.core", "aws_eip.core_nat[\"us-east-1a\"]", "aws_nat_gateway.core[\"us-east-1a\"]",
            "aws_vpc_endpoint.core_s3",
            // The pool's identity, its Lustre scratch and the registry it pulls from.
            "aws_iam_role.trainers", "aws_iam_policy.trainers", "aws_iam_instance_profile.trainers",
            "aws_iam_role_policy_attachment.trainers[\"ssm\"]",
            "aws_iam_role_policy_attachment.trainers[\"cloudwatch\"]",
            "aws_iam_role_policy_attachment.trainers[\"access\"]", "aws_fsx_lustre_file_system.scratch",
            "aws_ecr_repository.images", "aws_ecr_lifecycle_policy.images",
        ]
        let perZone = ["us-east-1a", "us-east-1b", "us-east-1c"].flatMap { zone in
            [
                "aws_subnet.core_public", "aws_route_table.core_public", "aws_route_table.core_private",
                "aws_route_table_association.core_public", "aws_route_table_association.core_private",
                "aws_route.core_public_internet", "aws_route.core_private_nat",
            ].map { "\($0)[\"\(zone)\"]" }
        }
        // Secure defaults: the VPC's default group emptied, flow logs into the stack's log bucket,
        // and every bucket (the log buckets too) with its public-access block, ownership, TLS-only
        // policy, multipart-upload abort, events to EventBridge and (but the log buckets) access
        // logging.
        let logBuckets = ["fleetform_logs", "fleetform_logs_us_west_2"]
        let secured = ["datasets", "checkpoints", "checkpoints_replica"] + logBuckets
        let secure =
            ["aws_default_security_group.core", "aws_flow_log.core"]
            + logBuckets.flatMap { name in
                ["aws_s3_bucket", "aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration"]
                    .map { "\($0).\(name)" }
            }
            + secured.flatMap { name in
                [
                    "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy",
                    "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_notification",
                ].map { "\($0).\(name)" }
            }
            + ["datasets", "checkpoints", "checkpoints_replica"].map { "aws_s3_bucket_logging.\($0)" }
        #expect(addresses == expected.union(perZone).union(secure))
        let replica = try #require(m.resources.first { $0.address.description == "aws_s3_bucket.checkpoints_replica" })
        #expect(replica.provider.region == "us-west-2")
    }

    @Test func everyBucketSendsItsEventsToEventBridgeUnlessToldNot() throws {
        let stack = Stack("events", region: .usEast1) { _ in
            Bucket("incoming")
            Bucket("scratch").eventNotifications(false)
        }
        let m = try manifest(stack)
        let notifications = m.resources.filter { $0.type == "aws_s3_bucket_notification" }
        // The log bucket the two buckets' access logs go to sends its events too.
        #expect(Set(notifications.map(\.address.name)) == ["incoming", "fleetform_logs"])
        let incoming = try #require(notifications.first { $0.address.name == "incoming" })
        #expect(incoming.attributes["eventbridge"] == true)
        guard case .reference(let bucket)? = incoming.attributes["bucket"] else {
            Issue.record("the notification names its bucket by reference: \(incoming.attributes)")
            return
        }
        #expect(bucket.address.description == "aws_s3_bucket.incoming" && bucket.attribute == "id")
    }

    @Test func poolReferencesNetworkAndTemplate() throws {
        let m = try manifest(training)
        let group = try #require(m.resources.first { $0.type == "aws_autoscaling_group" })
        let deps = Set(group.allDependencies.map(\.description))
        #expect(deps.contains("aws_launch_template.trainers"))
        #expect(deps.contains("aws_subnet.core[\"us-east-1a\"]"))
        #expect(group.attributes["desired_capacity"] == 2)
        let policy = try #require(group.attributes["mixed_instances_policy"]?.mapValue)
        let distribution = try #require(policy["instances_distribution"]?.mapValue)
        #expect(distribution["on_demand_base_capacity"] == 0)
        #expect(distribution["spot_allocation_strategy"] == "price-capacity-optimized")
    }

    @Test func environmentSizesTheStack() throws {
        let dev = try manifest(training, env: "dev")
        let prod = try manifest(training, env: "prod")
        let size = { (m: Manifest) in
            m.resources.first { $0.type == "aws_autoscaling_group" }?.attributes["desired_capacity"]
        }
        #expect(size(dev) == 2)
        // Production follows the committed recommendation (plans/capacity/trainers.json): its first hour.
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../plans/capacity/trainers.json")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: committed)) as? [String: Any])
        let first = try #require((document["hours"] as? [[String: Any]])?.first?["capacity"] as? [[String: Any]])
        #expect(size(prod) == .number(Double(first.compactMap { $0["count"] as? Int }.reduce(0, +))))
        let dvar = training.synthesize(Environment(name: "dev", variables: ["trainers": "5"])).manifest
        #expect(size(dvar) == 5)
    }

    @Test func everyResourceIsTaggedAndNamedPerEnvironment() throws {
        let a = try manifest(training, env: "pr-1")
        let b = try manifest(training, env: "pr-2")
        for r in a.resources where r.attributes["tags"] != nil {
            let tags = try #require(r.attributes["tags"]?.mapValue)
            #expect(tags["fleetform:stack"] == "training")
            #expect(tags["fleetform:env"] == "pr-1")
            #expect(tags["fleetform:address"] == .string(r.address.description))
        }
        // An Auto Scaling group carries them as the provider's `tag` blocks.
        let group = try #require(a.resources.first { $0.type == "aws_autoscaling_group" })
        let list = try #require(group.attributes["tag"]?.listValue)
        let blocks = list.compactMap(\.mapValue)
        #expect(blocks.first { $0["key"] == "fleetform:env" }?["value"] == "pr-1")
        #expect(blocks.allSatisfy { $0["propagate_at_launch"] == true })
        let bucketNames = { (m: Manifest) in
            Set(m.resources.compactMap { $0.type == "aws_s3_bucket" ? $0.attributes["bucket"]?.stringValue : nil })
        }
        #expect(bucketNames(a).isDisjoint(with: bucketNames(b)))
        #expect(bucketNames(a).allSatisfy { $0.count <= 63 && $0 == $0.lowercased() })
    }

    @Test func synthesisIsDeterministic() throws {
        #expect(try manifest(training) == manifest(training))
    }

    @Test func modulesPrefixAddressesAndReferencesFollow() throws {
        let stack = Stack("m", region: .usEast1, drRegion: .usWest2) { _ in
            let net = Network("core", cidr: "10.40.0.0/16", zones: 2)
            TrainingCluster("llm", network: net, gpus: ["p5.48xlarge"], desired: 1, max: 4)
        }
        let m = try manifest(stack)
        let group = try #require(m.resources.first { $0.type == "aws_autoscaling_group" })
        #expect(group.address.description == "module.llm.aws_autoscaling_group.pool")
        // The network was declared at the root, so the pool refers to the root VPC's subnets.
        #expect(group.allDependencies.contains { $0.description == "aws_subnet.core[\"us-east-1a\"]" })
        #expect(m.resources.contains { $0.address.description == "module.llm.aws_s3_bucket.checkpoints_replica" })
        #expect(m.resources.filter { $0.type == "aws_vpc" }.count == 1)
    }

    /// With the variables a team gives them: `inference` is given its certificate (without one it
    /// serves plain HTTP, a warning in production: `InferenceEndpointTLSTests`).
    @Test func allExampleStacksSynthesizeCleanlyInEveryEnvironment() {
        let variables = ["inference": ["certificate": InferenceEndpointTLSTests.certificate]]
        for stack in allStacks {
            for env in ["dev", "staging", "prod", "pr-123"] {
                let s = stack.synthesize(Environment(name: env, variables: variables[stack.name] ?? [:]))
                #expect(s.diagnostics.isEmpty, "\(stack.name)/\(env): \(s.diagnostics.map { $0.render() })")
                #expect(!s.manifest.resources.isEmpty)
            }
        }
    }

    @Test func spotFleetWeighsByGPUCount() throws {
        let stack = Stack("f", region: .usEast1) { _ in
            SpotFleet("batch", network: Network("n", cidr: "10.0.0.0/16", zones: 2))
                .instanceTypes("g6e.12xlarge", "g6e.xlarge").targetCapacity(gpus: 16).onDemandFloor(4)
        }
        let m = try manifest(stack)
        let fleet = try #require(m.resources.first { $0.type == "aws_ec2_fleet" })
        let overrides = try #require(fleet.attributes["launch_template_config"]?.mapValue?["override"]?.listValue)
        #expect(overrides.count == 4)  // 2 types × 2 subnets
        let weights = Set(overrides.compactMap { $0.mapValue?["weighted_capacity"]?.intValue })
        #expect(weights == [4, 1])
        #expect(fleet.attributes["target_capacity_specification"]?.mapValue?["spot_target_capacity"] == 12)
    }

    @Test func eksPoolBecomesManagedNodeGroup() throws {
        let stack = Stack("k", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.0.0.0/16", zones: 2)
            let eks = KubernetesCluster("ml", network: net)
            GPUNodePool("gpu", network: net).cluster(eks).instanceTypes("g6.2xlarge").capacity(
                min: 1, desired: 2, max: 4)
        }
        let m = try manifest(stack)
        let types = m.resources.map(\.type)
        #expect(types.contains("aws_eks_cluster"))
        #expect(types.contains("aws_eks_node_group"))
        #expect(!types.contains("aws_autoscaling_group"))
        #expect(types.filter { $0 == "aws_iam_role" }.count == 2)
    }

    @Test func standbyPoolLivesInTheDRRegion() throws {
        let stack = Stack("dr", region: .usEast1, drRegion: .usWest2) { _ in
            let pool = GPUNodePool("trainers", network: Network("core", cidr: "10.40.0.0/16"))
                .instanceTypes("p4d.24xlarge").capacity(min: 0, desired: 4, max: 16)
            pool
            DRReplica(standbyFor: pool, network: Network("dr", cidr: "10.140.0.0/16").region(.drRegion), warmSize: 1)
        }
        let m = try manifest(stack)
        let standby = try #require(
            m.resources.first { $0.address.description == "aws_autoscaling_group.trainers_standby" })
        #expect(standby.provider.region == "us-west-2")
        #expect(standby.attributes["desired_capacity"] == 1)
    }
}
