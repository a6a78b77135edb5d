import FleetformEngine
import FleetformModel
import FleetformOperations
import Testing

/// How `import --from-terraform` lines Terraform's resources up with the stack's, before it
/// reads anything: by module, type, name and key, through `--map` for renamed ones, and what is
/// left on either side. (The import itself runs against moto in the CLI tests.)
@Suite struct TerraformImportMappingTests {
    static let provider = #"provider["registry.terraform.io/hashicorp/aws"].us-east-1"#

    static func resource(
        _ type: String, _ name: String, module: [String] = [], provider: String = provider,
        _ instances: [TerraformState.Instance]
    ) -> TerraformState.Resource {
        TerraformState.Resource(modulePath: module, type: type, name: name, provider: provider, instances: instances)
    }

    static func instance(_ attributes: [String: AttributeValue], key: TerraformState.Instance.Key? = nil)
        -> TerraformState.Instance
    {
        TerraformState.Instance(key: key, schemaVersion: 1, attributes: attributes)
    }

    static let terraform = TerraformState(
        terraformVersion: "1.11.4", serial: 3, lineage: "tf",
        resources: [
            resource("aws_vpc", "core", [instance(["id": "vpc-1"])]),
            resource(
                "aws_subnet", "core",
                [
                    instance(["id": "subnet-1"], key: .string("us-east-1a")),
                    instance(["id": "subnet-2"], key: .index(0)),
                ]),
            resource("aws_s3_bucket", "data", [instance(["id": "bkt", "bucket": "bkt"])]),
            resource(
                "aws_autoscaling_schedule", "up", module: ["ranking"],
                [instance(["id": "up", "autoscaling_group_name": "servers", "scheduled_action_name": "up"])]),
            resource(
                "random_id", "suffix", provider: #"provider["registry.terraform.io/hashicorp/random"]"#,
                [instance(["id": "x"])]),
        ])

    static func declared(_ address: String) -> ManifestResource {
        ManifestResource(address: ResourceAddress(parsing: address)!, provider: ProviderConfig(region: "us-east-1"))
    }

    static let manifest = Manifest(
        stack: "training", environment: "dev", region: "us-east-1",
        resources: [
            declared("aws_vpc.core"), declared("aws_subnet.core[\"us-east-1a\"]"), declared("aws_subnet.core[\"0\"]"),
            declared("aws_s3_bucket.datasets"), declared("module.ranking.aws_autoscaling_schedule.up"),
            declared("aws_iam_role.replication"),
        ])

    @Test func matchesByTypeNameAndKeyAndReportsBothRemainders() throws {
        let mapping = try TerraformImport.mapping(Self.terraform, manifest: Self.manifest, renames: [:])
        #expect(
            mapping.matched.map { "\($0.terraform) -> \($0.address) (\($0.id))" } == [
                "aws_vpc.core -> aws_vpc.core (vpc-1)",
                "aws_subnet.core[\"us-east-1a\"] -> aws_subnet.core[\"us-east-1a\"] (subnet-1)",
                "aws_subnet.core[0] -> aws_subnet.core[\"0\"] (subnet-2)",
                // Fleetform's id of a schedule is GROUP/ACTION; Terraform's is the action's name.
                "module.ranking.aws_autoscaling_schedule.up -> module.ranking.aws_autoscaling_schedule.up (servers/up)",
            ])
        #expect(mapping.declaredOnly.map(\.description) == ["aws_s3_bucket.datasets", "aws_iam_role.replication"])
        #expect(mapping.terraformOnly == ["aws_s3_bucket.data", "random_id.suffix"])
    }

    @Test func mapAdoptsARenamedResource() throws {
        let renames = ["aws_s3_bucket.data": ResourceAddress(type: "aws_s3_bucket", name: "datasets")]
        let mapping = try TerraformImport.mapping(Self.terraform, manifest: Self.manifest, renames: renames)
        let match = try #require(mapping.matched.first { $0.terraform == "aws_s3_bucket.data" })
        #expect(match.address.description == "aws_s3_bucket.datasets" && match.id == "bkt" && match.renamed)
        #expect(mapping.terraformOnly == ["random_id.suffix"])
        let row = mapping.render().split(separator: "\n").first { $0.contains("(--map)") }
        #expect(row?.split(separator: " ") == ["aws_s3_bucket.data", "aws_s3_bucket.datasets", "(--map)", "bkt"])
    }

    @Test(arguments: [
        (["aws_s3_bucket.logs": "aws_s3_bucket.datasets"], "the Terraform state has no aws_s3_bucket.logs"),
        (["aws_s3_bucket.data": "aws_s3_bucket.archive"], "the stack declares no aws_s3_bucket.archive"),
        (["aws_s3_bucket.data": "aws_iam_role.replication"], "a aws_s3_bucket cannot become a aws_iam_role"),
        (["aws_s3_bucket.data": "aws_vpc.core"], "a aws_s3_bucket cannot become a aws_vpc"),
    ])
    func refusesAMapThatCannotHold(_ map: [String: String], _ says: String) {
        let renames = map.mapValues { ResourceAddress(parsing: $0)! }
        #expect {
            try TerraformImport.mapping(Self.terraform, manifest: Self.manifest, renames: renames)
        } throws: { error in
            "\(error)".contains(says)
        }
    }

    @Test func twoTerraformResourcesCannotBecomeOne() {
        let renames = ["aws_subnet.core[0]": ResourceAddress(parsing: "aws_subnet.core[\"us-east-1a\"]")!]
        #expect {
            try TerraformImport.mapping(Self.terraform, manifest: Self.manifest, renames: renames)
        } throws: { error in
            "\(error)".contains("both aws_subnet.core[\"us-east-1a\"] and aws_subnet.core[0]")
        }
    }

    @Test func theReportNamesEverySide() throws {
        let mapping = try TerraformImport.mapping(Self.terraform, manifest: Self.manifest, renames: [:])
        let text = mapping.render()
        #expect(text.hasPrefix("Matched 4 of the Terraform state's 6 resources:\n  TERRAFORM"))
        #expect(text.contains("Declared by the stack, not in the Terraform state (the next apply creates them): 2\n"))
        #expect(text.contains("  + aws_iam_role.replication\n"))
        #expect(text.hasSuffix("Fleetform leaves them alone): 2\n  aws_s3_bucket.data\n  random_id.suffix\n"))
    }
}
