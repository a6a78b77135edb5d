import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

/// The pure parts of declarations: how fields become request members, how answers become
/// attributes, and how structured inputs reach the wire.
@Suite struct ResourceDeclarationTests {
    static let fleetFields = ResourceDeclaration.ec2Fleet.fields

    @Test func fieldsWriteNestedMembersAndLeaveOutWhatIsNotDeclared() throws {
        var input: [String: AttributeValue] = [:]
        let declared: [String: AttributeValue] = [
            "target_capacity_specification": ["total_target_capacity": 4, "default_target_capacity_type": "spot"],
            "launch_template_config": [
                "launch_template_specification": ["launch_template_id": "lt-1", "version": 2],
                "override": [["instance_type": "g5.xlarge", "weighted_capacity": "2"]],
            ],
        ]
        for field in Self.fleetFields { try field.write(from: declared, into: &input, owner: "aws_ec2_fleet") }
        #expect(
            input == [
                "Type": "maintain",
                "TargetCapacitySpecification": ["TotalTargetCapacity": 4, "DefaultTargetCapacityType": "spot"],
                "LaunchTemplateConfigs": [
                    [
                        "LaunchTemplateSpecification": ["LaunchTemplateId": "lt-1", "Version": "2"],
                        "Overrides": [["InstanceType": "g5.xlarge", "WeightedCapacity": 2]],
                    ]
                ],
            ])
        let flattened = QueryParameters(flattening: input, style: .ec2).items.map { "\($0.name)=\($0.value)" }
        #expect(
            flattened == [
                "LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateId=lt-1",
                "LaunchTemplateConfigs.1.LaunchTemplateSpecification.Version=2",
                "LaunchTemplateConfigs.1.Overrides.1.InstanceType=g5.xlarge",
                "LaunchTemplateConfigs.1.Overrides.1.WeightedCapacity=2",
                "TargetCapacitySpecification.DefaultTargetCapacityType=spot",
                "TargetCapacitySpecification.TotalTargetCapacity=4", "Type=maintain",
            ])
        #expect(
            QueryParameters(flattening: ["Tags": [["Key": "a"]]], style: .awsQuery).items.map(\.name) == [
                "Tags.member.1.Key"
            ])
    }

    @Test func aMissingRequiredAttributeNamesItself() {
        var input: [String: AttributeValue] = [:]
        #expect {
            for field in ResourceDeclaration.subnet.fields {
                try field.write(from: ["vpc_id": "vpc-1"], into: &input, owner: "aws_subnet")
            }
        } throws: { error in
            "\(error)" == "aws_subnet.cidr_block must be a non-empty string; set it in the stack declaration"
        }
    }

    @Test func fieldsReadEC2AnswersInLowerCamelCaseWithDefaultsTemplatesAndThePriorOrder() throws {
        let xml = """
            <item><subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.1.0/24</cidrBlock>
            <availabilityZone>us-east-1a</availabilityZone><ownerId>123</ownerId></item>
            """
        let item = ResponseNode.xml(try XMLTree.parse(Array(xml.utf8)))
        let resource = ResourceState(
            address: ResourceAddress(type: "aws_subnet", name: "a"), provider: ProviderConfig(region: "us-east-1"),
            id: "subnet-1", attributes: [:])
        let context = FieldReadContext(
            itemReads: [:], resource: resource, idParts: ["subnet-1"], region: "us-east-1", naming: .lowerCamel)
        var attributes: [String: AttributeValue] = [:]
        for field in ResourceDeclaration.subnet.fields {
            attributes[field.attribute] = field.read(in: item, context, prior: nil)
        }
        #expect(
            attributes == [
                "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a",
                "map_public_ip_on_launch": false, "arn": "arn:aws:ec2:us-east-1:123:subnet/subnet-1",
            ])

        let group = ResponseNode.json(["subnets": ["subnet-2", "subnet-1"], "labels": ["a": "b"]])
        let nodeGroup = ResourceDeclaration.eksNodeGroup.fields
        let subnets = try #require(nodeGroup.first { $0.attribute == "subnet_ids" })
        #expect(subnets.read(in: group, context, prior: ["subnet-1", "subnet-2"]) == ["subnet-1", "subnet-2"])
        #expect(subnets.read(in: group, context, prior: ["subnet-3"]) == ["subnet-2", "subnet-1"])
        let labels = try #require(nodeGroup.first { $0.attribute == "labels" })
        #expect(labels.read(in: group, context, prior: nil) == ["a": "b"])
        #expect(labels.read(in: .json([:]), context, prior: nil) == .map([:]))
    }

    @Test func restOperationsPutMembersInThePathAndTheQuery() async throws {
        let operation = APIOperation(.eks, "UntagResource", "DELETE /tags/{resourceArn}?tagKeys")
        #expect(operation.method == "DELETE")
        #expect(operation.pathMembers == ["resourceArn"])
        #expect(operation.queryMembers == ["tagKeys"])
        let transport = ScriptedTransport([ScriptedTransport.response(200, "{}")])
        let client = AWSClient(
            credentials: StaticCredentialProvider(.init(accessKeyId: "AKID", secretAccessKey: "secret")),
            endpoints: EndpointResolver(
                environment: AWSEnvironment(
                    variables: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], homeDirectory: "/nonexistent",
                    readFile: { _ in nil })), transport: transport)
        _ = try await client.call(
            operation, ["resourceArn": "arn:aws:eks:us-east-1:1:cluster/c", "tagKeys": ["a", "b"]], region: "us-east-1")
        let sent = try #require(transport.requests.first)
        #expect(sent.method == "DELETE")
        #expect(sent.url == "http://127.0.0.1:1/tags/arn%3Aaws%3Aeks%3Aus-east-1%3A1%3Acluster%2Fc?tagKeys=a&tagKeys=b")
        #expect(sent.body.isEmpty)
    }

    @Test func compositeIDsSplitWhereTheirDeclarationSays() throws {
        #expect(
            try ResourceDeclaration.autoScalingSchedule.idParts("group/with/slash/nightly") == [
                "group/with/slash", "nightly",
            ])
        #expect(try ResourceDeclaration.eksNodeGroup.idParts("cluster:group:x") == ["cluster", "group:x"])
        #expect(throws: AWSError.self) { try ResourceDeclaration.eksNodeGroup.idParts("no-colon") }
    }
}
