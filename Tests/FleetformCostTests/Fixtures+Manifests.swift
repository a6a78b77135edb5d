import FleetformModel

@testable import FleetformCost

/// Manifests shaped like the DSL's output.
extension Fixtures {
    static let estimator = CostEstimator(catalog: catalog)

    static func address(_ text: String) -> ResourceAddress { ResourceAddress(parsing: text)! }

    static func ref(_ address: String, _ attribute: String = "id") -> AttributeValue {
        .reference(ResourceReference(Self.address(address), attribute))
    }

    static func resource(
        _ address: String, region: String = "us-east-1", _ attributes: [String: AttributeValue] = [:],
        usage: [String: Double] = [:]
    ) -> ManifestResource {
        ManifestResource(
            address: Self.address(address), provider: ProviderConfig(region: region), attributes: attributes,
            usage: usage)
    }

    /// An Auto Scaling group of `desired` instances with a mixed instances policy.
    static func autoScalingGroup(
        _ name: String = "trainers", types: [String] = ["p5.48xlarge"], desired: Int = 4, onDemandBase: Int = 2,
        percentageAboveBase: Int = 0, strategy: String = "price-capacity-optimized", subnets: [String]? = nil,
        template: String = "aws_launch_template.trainers", tags: [String: AttributeValue] = [:]
    ) -> ManifestResource {
        resource(
            "module.training.aws_autoscaling_group.\(name)",
            [
                "min_size": 0, "max_size": 32, "desired_capacity": .number(Double(desired)),
                "vpc_zone_identifier": subnets.map { .list($0.map { ref($0) }) } ?? .list([]),
                "tags": .map(tags),
                "mixed_instances_policy": [
                    "instances_distribution": [
                        "on_demand_base_capacity": .number(Double(onDemandBase)),
                        "on_demand_percentage_above_base_capacity": .number(Double(percentageAboveBase)),
                        "spot_allocation_strategy": .string(strategy),
                    ],
                    "launch_template": [
                        "launch_template_specification": ["launch_template_id": ref(template), "version": "$Latest"],
                        "override": .list(types.map { ["instance_type": .string($0), "weighted_capacity": "1"] }),
                    ],
                ],
            ])
    }

    static func launchTemplate(_ name: String = "trainers", volumeGB: Int = 500) -> ManifestResource {
        resource(
            "aws_launch_template.\(name)",
            [
                "image_id": "ami-123", "instance_type": "p5.48xlarge",
                "block_device_mappings": [
                    [
                        "device_name": "/dev/xvda",
                        "ebs": ["volume_size": .number(Double(volumeGB)), "volume_type": "gp3"],
                    ]
                ],
            ])
    }

    static func subnet(_ zoneID: String) -> ManifestResource {
        resource(
            "aws_subnet.core[\"\(zoneID)\"]",
            ["vpc_id": ref("aws_vpc.core"), "cidr_block": "10.40.0.0/20", "availability_zone_id": .string(zoneID)])
    }

    /// A training stack like `plans/training.swift`, for one environment.
    static func trainingManifest(desired: Int = 4) -> Manifest {
        Manifest(
            stack: "training", environment: "staging", region: "us-east-1",
            resources: [
                resource("aws_vpc.core", ["cidr_block": "10.40.0.0/16"]),
                subnet("use1-az1"), subnet("use1-az2"), subnet("use1-az4"),
                resource("aws_security_group.nodes", ["vpc_id": ref("aws_vpc.core")]),
                launchTemplate(),
                autoScalingGroup(
                    desired: desired,
                    subnets: [
                        "aws_subnet.core[\"use1-az1\"]", "aws_subnet.core[\"use1-az2\"]",
                        "aws_subnet.core[\"use1-az4\"]",
                    ],
                    tags: ["team": "research"]),
                resource(
                    "aws_s3_bucket.datasets", ["bucket": "training-datasets-1a2b"],
                    usage: ["stored_tb": 120, "monthly_requests": 2_000_000]),
                resource(
                    "aws_s3_bucket.checkpoints", ["bucket": "training-checkpoints-3c4d"],
                    usage: ["stored_tb": 40, "replicated_tb_per_month": 10]),
                resource("aws_s3_bucket_versioning.checkpoints", ["bucket": ref("aws_s3_bucket.checkpoints")]),
                resource(
                    "aws_s3_bucket_lifecycle_configuration.checkpoints",
                    [
                        "bucket": ref("aws_s3_bucket.checkpoints"),
                        "rule": [
                            [
                                "id": "tier", "status": "Enabled",
                                "transition": [["days": 30, "storage_class": "GLACIER_IR"]],
                            ]
                        ],
                    ]),
                resource(
                    "aws_s3_bucket.checkpoints_replica", region: "us-west-2", ["bucket": "training-checkpoints-dr-5e6f"]
                ),
                resource("aws_iam_role.replication", ["name": "replication"]),
                resource(
                    "aws_s3_bucket_replication_configuration.checkpoints",
                    [
                        "bucket": ref("aws_s3_bucket.checkpoints"), "role": ref("aws_iam_role.replication", "arn"),
                        "rule": [
                            [
                                "id": "dr", "status": "Enabled",
                                "destination": ["bucket": ref("aws_s3_bucket.checkpoints_replica", "arn")],
                            ]
                        ],
                    ]),
                resource("aws_eks_cluster.main", ["name": "training"]),
            ])
    }
}
