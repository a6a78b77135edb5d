import FleetformModel
import Foundation
import Testing

/// The compact schema document and the conformance check, on a small schema shaped like the
/// provider's (the real one is checked in FleetformAWSTests).
@Suite struct TerraformSchemaTests {
    static let document = #"""
        {"format_version": 1, "provider": "registry.terraform.io/hashicorp/aws", "provider_version": "5.100.0",
         "terraform_version": "1.11.4",
         "resource_types": {
          "aws_security_group": {"version": 1, "defaults": {"revoke_rules_on_delete": false},
           "block": {"attributes": {
             "arn": {"type": "string", "flags": "c"},
             "id": {"type": "string", "flags": "oc"},
             "name": {"type": "string", "flags": "oc"},
             "description": {"type": "string", "flags": "o"},
             "revoke_rules_on_delete": {"type": "bool", "flags": "o"},
             "tags": {"type": ["map", "string"], "flags": "o"},
             "ingress": {"type": ["set", ["object", {"from_port": "number", "to_port": "number", "protocol": "string",
                         "cidr_blocks": ["list", "string"], "self": "bool"}]], "flags": "oc"}},
            "blocks": {"timeouts": {"nesting": "single", "block": {"attributes": {"create": {"type": "string", "flags": "o"}}}}}}},
          "aws_autoscaling_group": {"version": 1,
           "block": {"attributes": {
             "max_size": {"type": "number", "flags": "r"}, "min_size": {"type": "number", "flags": "r"},
             "load_balancers": {"type": ["set", "string"], "flags": "ocd"}},
            "blocks": {
             "tag": {"nesting": "set", "block": {"attributes": {"key": {"type": "string", "flags": "r"},
                      "value": {"type": "string", "flags": "r"}, "propagate_at_launch": {"type": "bool", "flags": "r"}}}},
             "instance_refresh": {"nesting": "list", "max": 1, "block": {"attributes": {"strategy": {"type": "string", "flags": "r"}}}}}}}}}
        """#

    static func schema() throws -> TerraformSchema {
        try TerraformSchema(document: try JSONDecoder().decode(AttributeValue.self, from: Data(document.utf8)))
    }

    static func problems(_ type: String, _ attributes: [String: AttributeValue]) throws -> [SchemaProblem] {
        let schema = try schema()
        return try #require(schema.resourceTypes[type]).problems(in: attributes, schemas: schema.resourceTypes)
    }

    @Test func readsTypesVersionsFlagsNestingAndDefaults() throws {
        let schema = try Self.schema()
        #expect(schema.providerDescription == "hashicorp/aws 5.100.0")
        let group = try #require(schema.resourceTypes["aws_autoscaling_group"])
        #expect(group.version == 1)
        #expect(group.block.attributes["max_size"]?.isRequired == true)
        #expect(group.block.attributes["load_balancers"]?.isDeprecated == true)
        #expect(group.block.attributes["load_balancers"]?.type == .set(.string))
        #expect(group.block.blocks["tag"]?.nesting == .set)
        #expect(group.block.blocks["instance_refresh"]?.maxItems == 1)
        let sg = try #require(schema.resourceTypes["aws_security_group"])
        #expect(sg.block.attributes["arn"]?.isReadOnly == true)
        #expect(sg.defaults == ["revoke_rules_on_delete": false])
        #expect(
            sg.block.attributes["ingress"]?.type.description
                == "set(object({cidr_blocks = list(string), from_port = number, protocol = string, self = bool, to_port = number}))"
        )
    }

    @Test func refusesAnotherFormatVersionSayingWhatToDo() throws {
        let document: AttributeValue = ["format_version": 2, "resource_types": [:]]
        #expect {
            try TerraformSchema(document: document)
        } throws: { error in
            "\(error)".contains("format 2") && "\(error)".contains("scripts/gen-terraform-schema")
        }
    }

    @Test func anUnknownAttributeIsAnErrorWithTheClosestNames() throws {
        let problems = try Self.problems("aws_security_group", ["name": "web", "ingres": []])
        #expect(
            problems == [SchemaProblem(path: "ingres", "unknown attribute 'ingres'", hint: "did you mean ingress?")])
    }

    @Test func aValueOfTheWrongTypeIsAnErrorNamingTheProvidersType() throws {
        let problems = try Self.problems(
            "aws_autoscaling_group",
            ["min_size": 0, "max_size": "ten", "tag": [["key": "a", "value": "b", "propagate_at_launch": ["x"]]]])
        #expect(problems.map(\.path) == ["max_size", "tag[0].propagate_at_launch"])
        #expect(problems.first?.message == "'max_size' must be a number, not a string (\"ten\")")
        #expect(problems.first?.hint == "the provider's type is number")
        #expect(problems.last?.message == "'tag[0].propagate_at_launch' must be true or false, not a list")
    }

    @Test func terraformsOwnConversionsAreAccepted() throws {
        // Terraform converts numeric strings to numbers and numbers to strings, as Fleetform does.
        let problems = try Self.problems("aws_autoscaling_group", ["min_size": "0", "max_size": 2.0])
        #expect(problems.isEmpty)
        #expect(try Self.problems("aws_security_group", ["description": 5, "revoke_rules_on_delete": "true"]).isEmpty)
    }

    @Test func aMissingRequiredArgumentOrBlockIsAnError() throws {
        let problems = try Self.problems(
            "aws_autoscaling_group", ["max_size": 1, "tag": [["key": "a", "value": "b"]]])
        #expect(
            problems == [
                SchemaProblem(
                    path: "min_size", "missing required attribute 'min_size'", hint: "set \"min_size\" to a number"),
                SchemaProblem(
                    path: "tag[0].propagate_at_launch",
                    "missing required attribute 'propagate_at_launch' in block 'tag[0]'",
                    hint: "set \"propagate_at_launch\" to true or false"),
            ])
    }

    @Test func anAttributeOnlyTheProviderSetsCannotBeDeclared() throws {
        let problems = try Self.problems("aws_security_group", ["arn": "arn:aws:ec2:…"])
        #expect(problems.map(\.message) == ["'arn' is set by the provider and cannot be declared"])
    }

    @Test func blocksAreMapsOrListsOfMapsWithinTheirLimits() throws {
        #expect(try Self.problems("aws_security_group", ["timeouts": ["create": "5m"]]).isEmpty)
        #expect(try Self.problems("aws_security_group", ["timeouts": [["create": "5m"]]]).isEmpty)
        let tooMany = try Self.problems(
            "aws_autoscaling_group",
            ["min_size": 0, "max_size": 1, "instance_refresh": [["strategy": "Rolling"], ["strategy": "Rolling"]]])
        #expect(tooMany.map(\.message) == ["block 'instance_refresh' appears 2 times, at most 1 allowed"])
        let notABlock = try Self.problems("aws_security_group", ["timeouts": "5m"])
        #expect(notABlock.map(\.message) == ["'timeouts' is a block and must be a map of its attributes"])
        let unknownInside = try Self.problems("aws_security_group", ["timeouts": ["craete": "5m"]])
        #expect(unknownInside.map(\.message) == ["unknown attribute 'craete' in block 'timeouts'"])
        #expect(unknownInside.first?.hint == "did you mean create?")
    }

    @Test func objectAttributesMayLeaveKeysOutButNotAddUnknownOnes() throws {
        let rule: AttributeValue = ["from_port": 0, "to_port": 0, "protocol": "-1", "self": true]
        #expect(try Self.problems("aws_security_group", ["ingress": [rule]]).isEmpty)
        let typo: AttributeValue = ["from_port": 0, "to_port": 0, "protocol": "-1", "cidr_block": ["10.0.0.0/8"]]
        let problems = try Self.problems("aws_security_group", ["ingress": [typo]])
        #expect(problems.map(\.path) == ["ingress[0].cidr_block"])
        #expect(problems.first?.hint == "did you mean cidr_blocks?")
    }

    @Test func aDeprecatedAttributeIsAWarning() throws {
        let problems = try Self.problems(
            "aws_autoscaling_group", ["min_size": 0, "max_size": 1, "load_balancers": ["lb"]])
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems.first?.message == "'load_balancers' is deprecated by the provider")
    }

    @Test func referencesAreCheckedAgainstTheTypeTheyPointAt() throws {
        let group = ResourceAddress(type: "aws_security_group", name: "web")
        let good = try Self.problems("aws_security_group", ["name": .reference(ResourceReference(group, "arn"))])
        #expect(good.isEmpty)
        let bad = try Self.problems("aws_security_group", ["name": .reference(ResourceReference(group, "nmae"))])
        #expect(
            bad.map(\.message) == [
                "'name' refers to aws_security_group.web.nmae, but aws_security_group has no attribute 'nmae'"
            ])
        #expect(bad.first?.hint == "did you mean name?")
    }

    @Test func nullAndUnknownValuesAreNotChecked() throws {
        #expect(try Self.problems("aws_security_group", ["description": .null, "name": .unknown]).isEmpty)
    }
}
