import FleetformDSL
import FleetformModules
import FleetformPlans
import Foundation
import Testing

/// The platform around the nodes: a routable network, node identity from typed bucket handles,
/// user data, shared storage, a registry and serving, and that a construct only passed to another
/// is part of the stack exactly once, with its own diagnostics.
@Suite struct PlatformConstructTests {
    func synthesize(_ stack: Stack, env: String = "dev") -> Synthesis {
        stack.synthesize(Environment(name: env, root: TestRoot.path))
    }

    func manifest(_ stack: Stack, env: String = "dev") throws -> Manifest {
        let synthesis = synthesize(stack, env: env)
        #expect(synthesis.diagnostics.isEmpty, "\(synthesis.diagnostics.map { $0.render() })")
        return synthesis.manifest
    }

    func resource(_ m: Manifest, _ address: String) throws -> ManifestResource {
        try #require(m.resources.first { $0.address.description == address }, "no \(address)")
    }

    func reference(_ value: AttributeValue?) -> String? {
        if case .reference(let r)? = value { return r.address.description }
        return nil
    }

    // MARK: Network

    @Test func everyPrivateSubnetRoutesThroughItsZonesNATAndTheS3Endpoint() throws {
        let m = try manifest(training, env: "prod")
        let zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
        let endpoint = try resource(m, "aws_vpc_endpoint.core_s3")
        #expect(endpoint.attributes["service_name"] == "com.amazonaws.us-east-1.s3")
        let endpointTables = Set((endpoint.attributes["route_table_ids"]?.listValue ?? []).compactMap(reference))
        for zone in zones {
            let association = try resource(m, "aws_route_table_association.core_private[\"\(zone)\"]")
            #expect(reference(association.attributes["subnet_id"]) == "aws_subnet.core[\"\(zone)\"]")
            let table = try #require(reference(association.attributes["route_table_id"]))
            let route = try resource(m, "aws_route.core_private_nat[\"\(zone)\"]")
            #expect(reference(route.attributes["route_table_id"]) == table)
            #expect(route.attributes["destination_cidr_block"] == "0.0.0.0/0")
            #expect(reference(route.attributes["nat_gateway_id"]) == "aws_nat_gateway.core[\"\(zone)\"]")
            #expect(endpointTables.contains(table))
            let gateway = try resource(m, "aws_nat_gateway.core[\"\(zone)\"]")
            #expect(reference(gateway.attributes["subnet_id"]) == "aws_subnet.core_public[\"\(zone)\"]")
            let publicRoute = try resource(m, "aws_route.core_public_internet[\"\(zone)\"]")
            #expect(reference(publicRoute.attributes["gateway_id"]) == "aws_internet_gateway.core")
        }
        // The pool launches in the private subnets only.
        let group = try resource(m, "aws_autoscaling_group.trainers")
        #expect(
            Set((group.attributes["vpc_zone_identifier"]?.listValue ?? []).compactMap(reference))
                == Set(zones.map { "aws_subnet.core[\"\($0)\"]" }))
    }

    @Test func natGatewaysArePerZoneInProductionAndOneElsewhere() throws {
        let count = { (m: Manifest) in m.resources.filter { $0.type == "aws_nat_gateway" }.count }
        #expect(count(try manifest(training, env: "prod")) == 3)
        let dev = try manifest(training, env: "dev")
        #expect(count(dev) == 1)
        for zone in ["us-east-1a", "us-east-1b", "us-east-1c"] {
            let route = try resource(dev, "aws_route.core_private_nat[\"\(zone)\"]")
            #expect(reference(route.attributes["nat_gateway_id"]) == "aws_nat_gateway.core[\"us-east-1a\"]")
        }
        let explicit = Stack("n", region: .usEast1) { _ in
            Network("a", cidr: "10.1.0.0/16", zones: 2).nat(.perZone)
        }
        #expect(count(try manifest(explicit)) == 2)
    }

    @Test func vpcEndpointsOnlyHasNoNATNoInternetAndTheInterfaceEndpoints() throws {
        let stack = Stack("sealed", region: .usEast1) { _ in
            Network("core", cidr: "10.2.0.0/16", zones: 2).egress(.vpcEndpointsOnly)
        }
        let m = try manifest(stack)
        let types = m.resources.map(\.type)
        #expect(!types.contains("aws_nat_gateway") && !types.contains("aws_internet_gateway"))
        #expect(!types.contains("aws_eip") && !types.contains("aws_route"))
        #expect(!m.resources.contains { $0.address.name == "core_public" })
        let interface = m.resources.filter { $0.attributes["vpc_endpoint_type"] == "Interface" }
        #expect(
            Set(interface.compactMap { $0.attributes["service_name"]?.stringValue })
                == Set(["ecr.api", "ecr.dkr", "sts", "logs"].map { "com.amazonaws.us-east-1.\($0)" }))
        #expect(interface.allSatisfy { $0.attributes["private_dns_enabled"] == true })
        #expect(m.resources.contains { $0.address.description == "aws_vpc_endpoint.core_s3" })
    }

    @Test func explicitSubnetsWithNATNeedPublicSubnets() {
        let stack = Stack("n", region: .usEast1) { _ in
            Network("edge", cidr: "10.41.0.0/16", subnets: ["10.41.0.0/20", "10.41.16.0/20"])
        }
        let messages = synthesize(stack).diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("public ones") }, "\(messages)")
        let fixed = Stack("n", region: .usEast1) { _ in
            Network(
                "edge", cidr: "10.41.0.0/16", subnets: ["10.41.0.0/20", "10.41.16.0/20"],
                publicSubnets: ["10.41.128.0/20", "10.41.144.0/20"])
        }
        #expect(synthesize(fixed).diagnostics.isEmpty)
    }

    // MARK: Identity

    /// The S3 resources a policy document names, without the `/*` object suffix.
    func bucketARNs(inPolicy document: String) throws -> Set<String> {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let statements = try #require(json["Statement"] as? [[String: Any]])
        var arns: Set<String> = []
        for statement in statements {
            for resource in statement["Resource"] as? [String] ?? [] where resource.hasPrefix("arn:aws:s3:::") {
                arns.insert(resource.hasSuffix("/*") ? String(resource.dropLast(2)) : resource)
            }
        }
        return arns
    }

    @Test func thePoolsPolicyNamesExactlyTheBucketsItReadsAndWrites() throws {
        let m = try manifest(training)
        let bucketNames = Set(
            ["datasets", "checkpoints"].compactMap { name in
                m.resources.first { $0.address.description == "aws_s3_bucket.\(name)" }?.attributes["bucket"]?
                    .stringValue
            })
        #expect(bucketNames.count == 2)
        let policy = try resource(m, "aws_iam_policy.trainers")
        let document = try #require(policy.attributes["policy"]?.stringValue)
        #expect(try bucketARNs(inPolicy: document) == Set(bucketNames.map { "arn:aws:s3:::\($0)" }))
        #expect(!document.contains("replica"))
        #expect(document.contains("ecr:BatchGetImage") && document.contains("fsx:DescribeFileSystems"))
        let profile = try resource(m, "aws_iam_instance_profile.trainers")
        #expect(reference(profile.attributes["role"]) == "aws_iam_role.trainers")
        let template = try resource(m, "aws_launch_template.trainers")
        #expect(
            reference(template.attributes["iam_instance_profile"]?.listValue?.first?.mapValue?["name"])
                == "aws_iam_instance_profile.trainers")
        #expect(template.attributes["metadata_options"]?.listValue?.first?.mapValue?["http_tokens"] == "required")
        let attached = m.resources.filter { $0.type == "aws_iam_role_policy_attachment" }
            .compactMap { $0.attributes["policy_arn"] }
        #expect(attached.contains("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))
        #expect(attached.contains("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"))
        #expect(attached.contains { reference($0) == "aws_iam_policy.trainers" })
        // No SSH: the node security group opens nothing from outside but what is declared.
        let group = try resource(m, "aws_security_group.core")
        #expect(!(group.attributes["ingress"]?.listValue ?? []).contains { $0.mapValue?["from_port"] == 22 })
    }

    @Test func aBucketsKMSKeyIsNamedWithIt() throws {
        let stack = Stack("k", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.3.0.0/16", zones: 1)
            let data = Bucket("data").encrypted(.kms(keyID: "1234abcd-12ab-34cd-56ef-1234567890ab"))
            let out = Bucket("out").encrypted(.kms(keyID: "arn:aws:kms:us-east-1:111122223333:key/out"))
            GPUNodePool("p", network: net).instanceTypes("g6.xlarge").reads(data).writes(out)
        }
        let document = try #require(
            try resource(try manifest(stack), "aws_iam_policy.p").attributes["policy"]?.stringValue)
        #expect(
            document.contains(
                #""Action":["kms:Decrypt"],"Resource":["arn:aws:kms:us-east-1:*:key/1234abcd-12ab-34cd-56ef-1234567890ab","arn:aws:kms:us-east-1:111122223333:key/out"]"#
            ))
        #expect(
            document.contains(
                #""Action":["kms:GenerateDataKey"],"Resource":["arn:aws:kms:us-east-1:111122223333:key/out"]"#))
    }

    @Test func aPoolWithNothingToReachHasNoPolicyOfItsOwn() throws {
        let m = try manifest(preview)
        #expect(!m.resources.contains { $0.type == "aws_iam_policy" })
        #expect(m.resources.contains { $0.address.description == "aws_iam_instance_profile.workers" })
    }

    @Test func clusterPoolsUseTheirOwnRoleWithTheEKSPolicies() throws {
        let stack = Stack("k", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.0.0.0/16", zones: 2)
            let eks = KubernetesCluster("ml", network: net)
            let data = Bucket("data")
            GPUNodePool("gpu", network: net).cluster(eks).instanceTypes("g6.2xlarge").reads(data)
        }
        let m = try manifest(stack)
        let group = try resource(m, "aws_eks_node_group.gpu")
        if case .reference(let r)? = group.attributes["node_role_arn"] {
            #expect(r.address.description == "aws_iam_role.gpu")
        } else {
            Issue.record("node_role_arn is not a reference")
        }
        #expect(!m.resources.contains { $0.type == "aws_iam_instance_profile" })
        let keys = Set(m.resources.filter { $0.type == "aws_iam_role_policy_attachment" }.compactMap(\.address.key))
        #expect(keys == ["ssm", "cloudwatch", "eks_worker", "eks_cni", "ecr", "access"])
    }

    // MARK: User data

    func decodedUserData(_ m: Manifest, _ pool: String) throws -> String {
        let encoded = try #require(try resource(m, "aws_launch_template.\(pool)").attributes["user_data"]?.stringValue)
        return String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
    }

    @Test func userDataRunsTheScriptAndMountsComeFirst() throws {
        let script = "#!/bin/bash\necho hello\n"
        let plain = Stack("u", region: .usEast1) { _ in
            GPUNodePool("p", network: Network("n", cidr: "10.4.0.0/16", zones: 1)).instanceTypes("g6.xlarge")
                .userData(.script(script))
        }
        #expect(try decodedUserData(try manifest(plain), "p") == script)

        let mounted = Stack("u", region: .usEast1) { _ in
            let scratch = FileSystem("scratch", .lustre(capacityGiB: 1200))
            GPUNodePool("p", network: Network("n", cidr: "10.4.0.0/16", zones: 1)).instanceTypes("g6.xlarge")
                .mounts(scratch).userData(.script(script))
        }
        let document = try decodedUserData(try manifest(mounted), "p")
        #expect(document.hasPrefix("MIME-Version: 1.0\nContent-Type: multipart/mixed"))
        let mount = try #require(document.range(of: "mount -t lustre"))
        let hello = try #require(document.range(of: "echo hello"))
        #expect(mount.lowerBound < hello.lowerBound)
        #expect(document.contains("Value=='aws_fsx_lustre_file_system.scratch'"))
    }

    @Test func aMissingUserDataFileIsADiagnosticAtItsLine() {
        let stack = Stack("u", region: .usEast1) { _ in
            GPUNodePool("p", network: Network("n", cidr: "10.4.0.0/16", zones: 1)).instanceTypes("g6.xlarge")
                .userData(.file("plans/nodes/missing.sh"))
        }
        let diagnostics = synthesize(stack).diagnostics
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("cannot read user data file 'plans/nodes/missing.sh'") == true)
        #expect(diagnostics.first?.location?.file.hasSuffix("PlatformConstructTests.swift") == true)
    }

    @Test func userDataIsForPoolsWithoutACluster() {
        let stack = Stack("u", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.4.0.0/16", zones: 2)
            GPUNodePool("p", network: net).cluster(KubernetesCluster("k", network: net)).instanceTypes("g6.xlarge")
                .userData(.script("#!/bin/bash\n"))
        }
        #expect(
            synthesize(stack).diagnostics.map(\.message).contains {
                $0.contains("user data is for pools without a cluster")
            })
    }

    // MARK: Storage, registry, serving

    @Test func lustreIsLinkedToItsBucketInTheFirstPrivateSubnet() throws {
        let m = try manifest(training, env: "prod")
        let scratch = try resource(m, "aws_fsx_lustre_file_system.scratch")
        let datasets = try #require(try resource(m, "aws_s3_bucket.datasets").attributes["bucket"]?.stringValue)
        #expect(scratch.attributes["import_path"] == .string("s3://" + datasets))
        #expect(scratch.attributes["export_path"] == .string("s3://" + datasets))
        #expect(scratch.attributes["storage_capacity"] == 2400)
        #expect(scratch.dependsOn.map(\.description).contains("aws_s3_bucket.datasets"))
        #expect(
            (scratch.attributes["subnet_ids"]?.listValue ?? []).compactMap(reference) == [
                "aws_subnet.core[\"us-east-1a\"]"
            ])
    }

    @Test func efsHasAMountTargetPerPrivateSubnetAndIsMountedOverNFS() throws {
        let stack = Stack("e", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.11.0.0/16", zones: 2)
            let home = FileSystem("home", .efs()).usage(storedGigabytes: 500)
            GPUNodePool("p", network: net).instanceTypes("g6.xlarge").mounts(home)
        }
        let m = try manifest(stack)
        let fileSystem = try resource(m, "aws_efs_file_system.home")
        #expect(fileSystem.attributes["encrypted"] == true && fileSystem.attributes["throughput_mode"] == "elastic")
        #expect(fileSystem.usage["stored_gb"] == 500)
        for zone in ["us-east-1a", "us-east-1b"] {
            let target = try resource(m, "aws_efs_mount_target.home[\"\(zone)\"]")
            #expect(reference(target.attributes["subnet_id"]) == "aws_subnet.n[\"\(zone)\"]")
            #expect(reference(target.attributes["file_system_id"]) == "aws_efs_file_system.home")
        }
        let group = try resource(m, "aws_autoscaling_group.p")
        #expect(group.dependsOn.map(\.description).contains("aws_efs_mount_target.home[\"us-east-1b\"]"))
        let script = try decodedUserData(m, "p")
        #expect(script.contains("mount -t nfs4") && script.contains("/mnt/home"))
        let policy = try #require(try resource(m, "aws_iam_policy.p").attributes["policy"]?.stringValue)
        #expect(policy.contains(#""Action":["elasticfilesystem:DescribeFileSystems"],"Resource":["*"]"#))
    }

    @Test func lustreCapacityAndThroughputAreChecked() {
        let stack = Stack("l", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.5.0.0/16", zones: 1)
            FileSystem("a", .lustre(capacityGiB: 1000), network: net)
            FileSystem("b", .lustre(capacityGiB: 2400, deployment: .persistent1(throughputPerTiB: 75)), network: net)
        }
        let messages = synthesize(stack).diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("file system 'a': Lustre capacity 1000 GiB") })
        #expect(messages.contains { $0.contains("file system 'b': PERSISTENT_1 throughput 75") })
    }

    @Test func theRegistryScansOnPushKeepsTagsAndExpiresOldImages() throws {
        let m = try manifest(training)
        let repository = try resource(m, "aws_ecr_repository.images")
        #expect(repository.attributes["image_tag_mutability"] == "IMMUTABLE")
        #expect(
            repository.attributes["image_scanning_configuration"]?.listValue?.first?.mapValue?["scan_on_push"] == true)
        #expect(repository.attributes["name"] == "training-dev-images")
        #expect(repository.attributes["encryption_configuration"] == [["encryption_type": "KMS", "kms_key": .null]])
        let policy = try resource(m, "aws_ecr_lifecycle_policy.images")
        let text = try #require(policy.attributes["policy"]?.stringValue)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((json["rules"] as? [Any])?.count == 2)
        let pool = try #require(try resource(m, "aws_iam_policy.trainers").attributes["policy"]?.stringValue)
        #expect(pool.contains("arn:aws:ecr:us-east-1:*:repository/training-dev-images"))
    }

    @Test func theInferenceStackServesThroughALoadBalancerWithThePoolAttached() throws {
        let m = try manifest(inference)
        let prefix = "module.ranking."
        let lb = try resource(m, prefix + "aws_lb.ranking")
        #expect(lb.attributes["internal"] == true)
        let group = try resource(m, prefix + "aws_lb_target_group.ranking")
        #expect(group.attributes["port"] == 8080)
        #expect(group.attributes["health_check"]?.listValue?.first?.mapValue?["path"] == "/health")
        let listener = try resource(m, prefix + "aws_lb_listener.ranking")
        #expect(reference(listener.attributes["load_balancer_arn"]) == prefix + "aws_lb.ranking")
        let attachment = try resource(m, prefix + "aws_autoscaling_attachment.ranking")
        #expect(reference(attachment.attributes["autoscaling_group_name"]) == prefix + "aws_autoscaling_group.servers")
        #expect(reference(attachment.attributes["lb_target_group_arn"]) == prefix + "aws_lb_target_group.ranking")
        let document = try #require(
            try resource(m, prefix + "aws_iam_policy.servers").attributes["policy"]?.stringValue)
        let artifacts = try #require(try resource(m, "aws_s3_bucket.model-artifacts").attributes["bucket"]?.stringValue)
        #expect(try bucketARNs(inPolicy: document) == ["arn:aws:s3:::" + artifacts])
        // Hardened: malformed headers dropped, access logs into the log bucket ELB may write to,
        // and the pool's group replaced on the load balancer's health checks.
        #expect(lb.attributes["drop_invalid_header_fields"] == true)
        let logs = try #require(lb.attributes["access_logs"]?.listValue?.first?.mapValue)
        #expect(reference(logs["bucket"]) == "aws_s3_bucket.fleetform_logs" && logs["prefix"] == "elb")
        #expect(lb.dependsOn.contains(ResourceAddress(type: "aws_s3_bucket_policy", name: "fleetform_logs")))
        let logPolicy = try #require(
            try resource(m, "aws_s3_bucket_policy.fleetform_logs").attributes["policy"]?.stringValue)
        #expect(logPolicy.contains(#""Principal":{"AWS":"arn:aws:iam::127311923021:root"}"#))
        let servers = try resource(m, prefix + "aws_autoscaling_group.servers")
        #expect(
            servers.attributes["health_check_type"] == "ELB" && servers.attributes["health_check_grace_period"] == 600)
    }

    @Test func theLoadBalancerIsProtectedFromDeletionUnlessToldOtherwise() throws {
        let protection = { (m: Manifest) in
            try self.resource(m, "module.ranking.aws_lb.ranking").attributes["enable_deletion_protection"]
        }
        // (Without its certificate `inference` serves plain HTTP, a warning in production: not this test's.)
        #expect(try protection(synthesize(inference, env: "prod").manifest) == true)
        #expect(try protection(try manifest(inference, env: "dev")) == true)
        let stack = { (on: Bool?) in
            Stack("serve", region: .usEast1) { _ in
                let net = Network("n", cidr: "10.7.0.0/16", zones: 2)
                let pool = GPUNodePool("p", network: net).instanceTypes("g6.xlarge")
                InferenceEndpoint("api", pool: pool, port: 8080).deletionProtection(on).plaintext()
            }
        }
        let lb = { (m: Manifest) in try self.resource(m, "aws_lb.api").attributes["enable_deletion_protection"] }
        #expect(try lb(try manifest(stack(false), env: "prod")) == false)
        #expect(try lb(try manifest(stack(false), env: "dev")) == false)
        #expect(try lb(try manifest(stack(nil), env: "prod")) == true)
    }

    @Test func anEndpointForAClusterPoolIsADiagnostic() {
        let stack = Stack("e", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.6.0.0/16", zones: 2)
            let pool = GPUNodePool("p", network: net).cluster(KubernetesCluster("k", network: net)).instanceTypes(
                "g6.xlarge")
            InferenceEndpoint("api", pool: pool, port: 8080)
        }
        #expect(
            synthesize(stack).diagnostics.map(\.message).contains {
                $0.contains("endpoint 'api': pool 'p' runs in an EKS cluster")
            })
    }

    // MARK: Passed, not listed: part of the stack exactly once

    func count(_ m: Manifest, _ address: String) -> Int {
        m.resources.filter { $0.address.description == address }.count
    }

    @Test func aBucketOnlyPassedToReadsIsInTheStackOnce() throws {
        let passed = Stack("b", region: .usEast1) { _ in
            GPUNodePool("p", network: Network("n", cidr: "10.7.0.0/16", zones: 1)).instanceTypes("g6.xlarge")
                .reads(Bucket("data").versioned()).writes(Bucket("data").versioned())
        }
        // Two values declared on one line are two declarations… of one address: reported, not doubled.
        let doubled = synthesize(passed)
        #expect(doubled.manifest.resources.filter { $0.address.description == "aws_s3_bucket.data" }.count == 1)

        let once = Stack("b", region: .usEast1) { _ in
            let data = Bucket("data").versioned()
            data
            GPUNodePool("p", network: Network("n", cidr: "10.7.0.0/16", zones: 1)).instanceTypes("g6.xlarge")
                .reads(data).writes(data)
        }
        let m = try manifest(once)
        #expect(count(m, "aws_s3_bucket.data") == 1)
        #expect(count(m, "aws_s3_bucket_versioning.data") == 1)
    }

    @Test func aBucketOnlyPassedHasItsOwnDiagnostics() {
        let stack = Stack("b", region: .usEast1) { _ in
            GPUNodePool("p", network: Network("n", cidr: "10.7.0.0/16", zones: 1)).instanceTypes("g6.xlarge")
                .reads(Bucket("data").physicalName("Not_A_Bucket"))
        }
        let diagnostics = synthesize(stack).diagnostics.filter { $0.message.contains("not a valid S3 bucket name") }
        #expect(diagnostics.count == 1)
    }

    @Test func aFileSystemOnlyPassedToMountsIsInTheStackOnce() throws {
        let stack = Stack("f", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.8.0.0/16", zones: 2)
            let scratch = FileSystem("scratch", .lustre(capacityGiB: 1200))
            GPUNodePool("a", network: net).instanceTypes("g6.xlarge").mounts(scratch)
            GPUNodePool("b", network: net).instanceTypes("g6.xlarge").mounts(scratch)
            scratch
        }
        #expect(count(try manifest(stack), "aws_fsx_lustre_file_system.scratch") == 1)
    }

    @Test func aFileSystemNobodyMountsNeedsANetwork() {
        let stack = Stack("f", region: .usEast1) { _ in
            FileSystem("scratch", .lustre(capacityGiB: 1200))
        }
        let diagnostics = synthesize(stack).diagnostics
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("file system 'scratch' is mounted by no pool") == true)
    }

    /// KMS by default (the AWS-managed key); a key of one's own, or AES-256 to keep a repository
    /// an earlier Fleetform made (ECR sets encryption only at create: a change replaces).
    @Test func aRegistryEncryptsWithKMSUnlessToldOtherwise() throws {
        let key = "arn:aws:kms:us-east-1:111122223333:key/abcd"
        for (registry, expected) in [
            (Registry("own").encryption(.kms(key: key)), .map(["encryption_type": "KMS", "kms_key": .string(key)])),
            (Registry("kept").encryption(.aes256), .map(["encryption_type": "AES256"])),
        ] as [(Registry, AttributeValue)] {
            let m = try manifest(Stack("r", region: .usEast1) { _ in registry })
            let repository = try resource(m, "aws_ecr_repository.\(registry.name)")
            #expect(repository.attributes["encryption_configuration"] == [expected])
        }
    }

    @Test func aRegistryOnlyPassedToPullsIsInTheStackOnce() throws {
        let stack = Stack("r", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.9.0.0/16", zones: 1)
            let images = Registry("images")
            GPUNodePool("a", network: net).instanceTypes("g6.xlarge").pulls(images)
            GPUNodePool("b", network: net).instanceTypes("g6.xlarge").pulls(images)
        }
        let m = try manifest(stack)
        #expect(count(m, "aws_ecr_repository.images") == 1)
        #expect(count(m, "aws_ecr_lifecycle_policy.images") == 1)
    }

    @Test func aPoolOnlyPassedToAnEndpointIsInTheStackOnceWithItsDiagnostics() throws {
        let stack = Stack("e", region: .usEast1) { _ in
            let pool = GPUNodePool("servers", network: Network("n", cidr: "10.10.0.0/16", zones: 2))
                .instanceTypes("g6.xlarge").capacity(min: 0, desired: 5, max: 2)
            InferenceEndpoint("api", pool: pool, port: 8080)
            InferenceEndpoint("admin", pool: pool, port: 9090)
        }
        let synthesis = synthesize(stack)
        #expect(count(synthesis.manifest, "aws_autoscaling_group.servers") == 1)
        #expect(synthesis.diagnostics.filter { $0.message.contains("desired (5) is above max (2)") }.count == 1)
        #expect(count(synthesis.manifest, "aws_lb.admin") == 1)
    }

    @Test func aPoolOnlyPassedToAStandbyIsInTheStackWithItsStandby() throws {
        let stack = Stack("dr", region: .usEast1, drRegion: .usWest2) { _ in
            let net = Network("core", cidr: "10.40.0.0/16")
            let pool = GPUNodePool("trainers", network: net).instanceTypes("p4d.24xlarge").capacity(
                min: 0, desired: 4, max: 16)
            DRReplica(standbyFor: pool, network: Network("dr", cidr: "10.140.0.0/16").region(.drRegion), warmSize: 1)
        }
        let m = try manifest(stack)
        #expect(count(m, "aws_autoscaling_group.trainers") == 1)
        #expect(count(m, "aws_autoscaling_group.trainers_standby") == 1)
        let primary = try resource(m, "aws_autoscaling_group.trainers")
        #expect(primary.provider.region == "us-east-1" && primary.attributes["desired_capacity"] == 4)
    }

    @Test func aBucketOnlyPassedToAReplicaIsInTheStackOnce() throws {
        let stack = Stack("dr", region: .usEast1, drRegion: .usWest2) { _ in
            let logs = Bucket("logs")
            DRReplica(of: logs, in: .drRegion)
            logs
        }
        let m = try manifest(stack)
        #expect(count(m, "aws_s3_bucket.logs") == 1)
        #expect(count(m, "aws_s3_bucket.logs_replica") == 1)
        #expect(count(m, "aws_s3_bucket_replication_configuration.logs") == 1)
    }
}

/// The repository root, for stacks that read files relative to it.
enum TestRoot {
    static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath
    }()
}
