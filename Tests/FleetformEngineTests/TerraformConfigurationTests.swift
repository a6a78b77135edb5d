import FleetformEngine
import FleetformModel
import Foundation
import Testing

/// The Terraform JSON configuration of a manifest: files, providers, keyed addresses, modules,
/// references across them, blocks and escapes. (`terraform validate` of every shipped stack is
/// in the CLI tests, against the real provider.)
@Suite struct TerraformConfigurationTests {
    static func files() throws -> [String: Any] {
        let files = try TerraformConfiguration(manifest: TerraformFixtures.manifest, schema: TerraformFixtures.schema)
            .files()
        var parsed: [String: Any] = [:]
        for file in files { parsed[file.path] = try JSONSerialization.jsonObject(with: Data(file.bytes)) }
        return parsed
    }

    @Test func theAccountPlaceholderReadsTheCallerIdentityAndTheRestStaysEscaped() throws {
        let manifest = Fixtures.manifest([
            Fixtures.declared(
                "aws_vpc.core",
                [
                    "cidr_block": "10.0.0.0/16",
                    "tags": ["owner": .string("account \(AccountID.placeholder), not ${aws:x}")],
                ])
        ])
        let file = try #require(
            try TerraformConfiguration(manifest: manifest, schema: TerraformFixtures.schema).files().first)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any])
        let vpc = (root["resource"] as? [String: [String: [String: Any]]])?["aws_vpc"]?["core"]
        #expect(
            (vpc?["tags"] as? [String: String])?["owner"]
                == "account ${data.aws_caller_identity.current.account_id}, not $${aws:x}")
        let data = (root["data"] as? [String: [String: [String: String]]])?["aws_caller_identity"]?["current"]
        #expect(data == ["provider": "aws.us-east-1"])
        // Without the placeholder, no data source.
        let plain = try #require(try Self.files()["main.tf.json"] as? [String: Any])
        #expect(plain["data"] == nil)
    }

    @Test func writesTheRootAndOneFilePerModule() throws {
        let files = try TerraformConfiguration(manifest: TerraformFixtures.manifest, schema: TerraformFixtures.schema)
            .files()
        #expect(files.map(\.path) == ["main.tf.json", "modules/ranking/main.tf.json"])
        // Deterministic: the same manifest gives the same bytes.
        let again = try TerraformConfiguration(manifest: TerraformFixtures.manifest, schema: TerraformFixtures.schema)
            .files()
        #expect(files == again)
    }

    @Test func oneProviderAliasPerRegionAndEveryResourceNamesItsOwn() throws {
        let root = try #require(try Self.files()["main.tf.json"] as? [String: Any])
        let providers = try #require((root["provider"] as? [String: Any])?["aws"] as? [[String: String]])
        #expect(
            providers == [
                ["alias": "us-east-1", "region": "us-east-1"], ["alias": "us-west-2", "region": "us-west-2"],
            ])
        let resources = try #require(root["resource"] as? [String: [String: [String: Any]]])
        #expect(resources["aws_s3_bucket"]?["replica"]?["provider"] as? String == "aws.us-west-2")
        #expect(resources["aws_vpc"]?["core"]?["provider"] as? String == "aws.us-east-1")
        let required = (root["terraform"] as? [String: Any])?["required_providers"] as? [String: [String: String]]
        #expect(required?["aws"] == ["source": "hashicorp/aws", "version": "~> 5.100"])
        #expect((root["//"] as? String)?.hasPrefix(TerraformConfiguration.marker) == true)
    }

    @Test func keyedAddressesBecomeForEachWithWhatDiffersPerKey() throws {
        let root = try #require(try Self.files()["main.tf.json"] as? [String: Any])
        let subnet = try #require(
            (root["resource"] as? [String: [String: [String: Any]]])?["aws_subnet"]?["core"])
        #expect(subnet["vpc_id"] as? String == "${aws_vpc.core.id}")
        #expect(subnet["map_public_ip_on_launch"] as? Bool == false)
        #expect(subnet["cidr_block"] as? String == "${each.value.cidr_block}")
        let forEach = try #require(subnet["for_each"] as? [String: [String: String]])
        #expect(
            forEach == [
                "us-east-1a": ["cidr_block": "10.40.0.0/20", "availability_zone": "us-east-1a"],
                "us-east-1b": ["cidr_block": "10.40.16.0/20", "availability_zone": "us-east-1b"],
            ])
    }

    /// The module's file as a whole: references out of the module come in as variables, its
    /// dependency outside it goes on the module call, blocks are blocks, objects get every key,
    /// and literal `${` / `%{` are escaped.
    @Test func aModuleReceivesWhatItRefersToAsVariables() throws {
        let files = try TerraformConfiguration(manifest: TerraformFixtures.manifest, schema: TerraformFixtures.schema)
            .files()
        let module = String(decoding: try #require(files.last).bytes, as: UTF8.self)
        #expect(
            module == """
                {
                  "resource": {
                    "aws_autoscaling_group": {
                      "servers": {
                        "depends_on": [
                          "aws_security_group.web"
                        ],
                        "max_size": 2,
                        "min_size": 0,
                        "mixed_instances_policy": [
                          {
                            "launch_template": [
                              {
                                "version": "$Latest"
                              }
                            ]
                          }
                        ],
                        "name": "servers",
                        "provider": "aws.us-east-1",
                        "tag": [
                          {
                            "key": "team",
                            "propagate_at_launch": true,
                            "value": "ml"
                          }
                        ],
                        "vpc_zone_identifier": [
                          "${var.aws_subnet__core__us-east-1a__id}"
                        ]
                      }
                    },
                    "aws_security_group": {
                      "web": {
                        "description": "costs $${var} and %%{if}",
                        "ingress": [
                          {
                            "cidr_blocks": null,
                            "description": null,
                            "from_port": 0,
                            "protocol": "-1",
                            "self": true,
                            "to_port": 0
                          }
                        ],
                        "lifecycle": {
                          "create_before_destroy": true,
                          "ignore_changes": [
                            "tags"
                          ]
                        },
                        "name": "web",
                        "provider": "aws.us-east-1",
                        "timeouts": {
                          "create": "5m"
                        },
                        "vpc_id": "${var.aws_vpc__core__id}"
                      }
                    }
                  },
                  "terraform": {
                    "required_providers": {
                      "aws": {
                        "configuration_aliases": [
                          "aws.us-east-1",
                          "aws.us-west-2"
                        ],
                        "source": "hashicorp/aws",
                        "version": "~> 5.100"
                      }
                    }
                  },
                  "variable": {
                    "aws_subnet__core__us-east-1a__id": {},
                    "aws_vpc__core__id": {}
                  }
                }

                """)
        let root = try #require(try Self.files()["main.tf.json"] as? [String: Any])
        let call = try #require((root["module"] as? [String: [String: Any]])?["ranking"])
        #expect(call["source"] as? String == "./modules/ranking")
        #expect(call["aws_vpc__core__id"] as? String == "${aws_vpc.core.id}")
        #expect(call["aws_subnet__core__us-east-1a__id"] as? String == "${aws_subnet.core[\"us-east-1a\"].id}")
        #expect(call["depends_on"] as? [String] == ["aws_subnet.core"])
        #expect(
            call["providers"] as? [String: String] == [
                "aws.us-east-1": "aws.us-east-1", "aws.us-west-2": "aws.us-west-2",
            ])
    }

    @Test func aReferenceIntoAModuleLeavesItAsAnOutput() throws {
        var manifest = TerraformFixtures.manifest
        manifest.resources.append(
            TerraformFixtures.resource(
                "aws_vpc.edge", ["cidr_block": Fixtures.ref("module.ranking.aws_security_group.web.name")]))
        let files = try TerraformConfiguration(manifest: manifest, schema: TerraformFixtures.schema).files()
        let module = try #require(try JSONSerialization.jsonObject(with: Data(files[1].bytes)) as? [String: Any])
        #expect(
            module["output"] as? [String: [String: String]] == [
                "aws_security_group__web__name": ["value": "${aws_security_group.web.name}"]
            ])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(files[0].bytes)) as? [String: Any])
        let edge = (root["resource"] as? [String: [String: [String: Any]]])?["aws_vpc"]?["edge"]
        #expect(edge?["cidr_block"] as? String == "${module.ranking.aws_security_group__web__name}")
    }

    @Test func aTypeOutsideTheSchemaIsRefusedSayingHowToAddIt() throws {
        let manifest = Fixtures.manifest([TerraformFixtures.resource("aws_sns_topic.alerts", ["name": "a"])])
        #expect {
            try TerraformConfiguration(manifest: manifest, schema: TerraformFixtures.schema).files()
        } throws: { error in
            "\(error)".contains("aws_sns_topic") && "\(error)".contains("scripts/gen-terraform-schema")
        }
    }
}
