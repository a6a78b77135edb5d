import FleetformModel

/// A small Terraform schema shaped like hashicorp/aws's, for the export and state tests (the real
/// schema's conformance is tested against the real provider in the CLI tests).
enum TerraformFixtures {
    static func attribute(_ type: TerraformValueType, _ flags: String) -> TerraformAttribute {
        TerraformAttribute(
            type: type, isRequired: flags.contains("r"), isOptional: flags.contains("o"),
            isComputed: flags.contains("c"))
    }

    static let tags: [String: TerraformAttribute] = [
        "tags": attribute(.map(.string), "o"), "tags_all": attribute(.map(.string), "oc"),
    ]

    static let schema = TerraformSchema(
        provider: "registry.terraform.io/hashicorp/aws", providerVersion: "5.100.0", terraformVersion: "1.11.4",
        resourceTypes: [
            "aws_vpc": TerraformResourceSchema(
                type: "aws_vpc", version: 1,
                block: TerraformBlock(
                    attributes: tags.merging([
                        "id": attribute(.string, "oc"), "arn": attribute(.string, "c"),
                        "cidr_block": attribute(.string, "oc"), "instance_tenancy": attribute(.string, "o"),
                    ]) { a, _ in a }),
                defaults: ["instance_tenancy": "default"]),
            "aws_subnet": TerraformResourceSchema(
                type: "aws_subnet", version: 1,
                block: TerraformBlock(
                    attributes: tags.merging([
                        "id": attribute(.string, "oc"), "vpc_id": attribute(.string, "r"),
                        "cidr_block": attribute(.string, "o"), "availability_zone": attribute(.string, "oc"),
                        "map_public_ip_on_launch": attribute(.bool, "o"),
                    ]) { a, _ in a })),
            "aws_security_group": TerraformResourceSchema(
                type: "aws_security_group", version: 1,
                block: TerraformBlock(
                    attributes: tags.merging([
                        "id": attribute(.string, "oc"), "name": attribute(.string, "oc"),
                        "description": attribute(.string, "o"), "vpc_id": attribute(.string, "oc"),
                        "ingress": attribute(
                            .set(
                                .object([
                                    "from_port": .number, "to_port": .number, "protocol": .string, "self": .bool,
                                    "cidr_blocks": .list(.string), "description": .string,
                                ])), "oc"),
                    ]) { a, _ in a },
                    blocks: [
                        "timeouts": TerraformNestedBlock(
                            nesting: .single, block: TerraformBlock(attributes: ["create": attribute(.string, "o")]))
                    ])),
            "aws_autoscaling_group": TerraformResourceSchema(
                type: "aws_autoscaling_group", version: 1,
                block: TerraformBlock(
                    attributes: [
                        "id": attribute(.string, "oc"), "name": attribute(.string, "oc"),
                        "min_size": attribute(.number, "r"), "max_size": attribute(.number, "r"),
                        "vpc_zone_identifier": attribute(.set(.string), "oc"),
                        "force_delete": attribute(.bool, "o"),
                    ],
                    blocks: [
                        "tag": TerraformNestedBlock(
                            nesting: .set,
                            block: TerraformBlock(attributes: [
                                "key": attribute(.string, "r"), "value": attribute(.string, "r"),
                                "propagate_at_launch": attribute(.bool, "r"),
                            ])),
                        "mixed_instances_policy": TerraformNestedBlock(
                            nesting: .list, maxItems: 1,
                            block: TerraformBlock(blocks: [
                                "launch_template": TerraformNestedBlock(
                                    nesting: .list, minItems: 1, maxItems: 1,
                                    block: TerraformBlock(attributes: ["version": attribute(.string, "o")]))
                            ])),
                    ]),
                defaults: ["force_delete": false]),
            "aws_s3_bucket": TerraformResourceSchema(
                type: "aws_s3_bucket", version: 0,
                block: TerraformBlock(
                    attributes: tags.merging(["id": attribute(.string, "oc"), "bucket": attribute(.string, "oc")]) {
                        a, _ in a
                    })),
        ])

    static func resource(
        _ address: String, region: String = "us-east-1", _ attributes: [String: AttributeValue],
        dependsOn: [String] = [], lifecycle: Lifecycle = .default
    ) -> ManifestResource {
        ManifestResource(
            address: Fixtures.address(address), provider: ProviderConfig(region: region), attributes: attributes,
            dependsOn: dependsOn.map(Fixtures.address), lifecycle: lifecycle)
    }

    /// A network in the root, a security group in a module referring to it, a bucket in a second
    /// region, a group with tag blocks.
    static let manifest = Fixtures.manifest([
        resource("aws_vpc.core", ["cidr_block": "10.40.0.0/16", "tags": ["fleetform:address": "aws_vpc.core"]]),
        resource(
            "aws_subnet.core[\"us-east-1a\"]",
            [
                "vpc_id": Fixtures.ref("aws_vpc.core.id"), "cidr_block": "10.40.0.0/20",
                "availability_zone": "us-east-1a", "map_public_ip_on_launch": false,
            ]),
        resource(
            "aws_subnet.core[\"us-east-1b\"]",
            [
                "vpc_id": Fixtures.ref("aws_vpc.core.id"), "cidr_block": "10.40.16.0/20",
                "availability_zone": "us-east-1b", "map_public_ip_on_launch": false,
            ]),
        resource(
            "module.ranking.aws_security_group.web",
            [
                "name": "web", "description": "costs ${var} and %{if}", "vpc_id": Fixtures.ref("aws_vpc.core.id"),
                "ingress": [["from_port": 0, "to_port": 0, "protocol": "-1", "self": true]],
                "timeouts": ["create": "5m"],
            ],
            dependsOn: ["aws_subnet.core[\"us-east-1a\"]"],
            lifecycle: Lifecycle(createBeforeDestroy: true, ignoreChanges: ["tags"])),
        resource(
            "module.ranking.aws_autoscaling_group.servers",
            [
                "name": "servers", "min_size": 0, "max_size": 2,
                "vpc_zone_identifier": [Fixtures.ref("aws_subnet.core[\"us-east-1a\"].id")],
                "tag": [["key": "team", "value": "ml", "propagate_at_launch": true]],
                "mixed_instances_policy": ["launch_template": ["version": "$Latest"]],
            ], dependsOn: ["module.ranking.aws_security_group.web"]),
        resource("aws_s3_bucket.replica", region: "us-west-2", ["bucket": "replica-1"]),
    ])
}
