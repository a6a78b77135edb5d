import FleetformAWS
import FleetformTestSupport
import Foundation
import Testing

/// The wire check itself: requests that break AWS's API definitions must be caught, in every
/// protocol, and well-formed ones must pass. (Every integration test's requests go through the
/// same check when its moto server stops.)
@Suite struct WireCheckTests {
    /// One recorded request, as moto's recorder writes it.
    static func recorded(
        _ method: String, _ path: String, service: String, headers: [String: String] = [:], body: String = ""
    ) -> [String: Any] {
        var all = [
            "Authorization":
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/\(service)/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=0",
            "User-Agent": "fleetform/0.1",
        ]
        all.merge(headers) { _, given in given }
        return [
            "method": method, "url": "http://127.0.0.1:5000" + path, "headers": all, "body": body,
            "body_encoded": false,
        ]
    }

    static func check(_ requests: [[String: Any]]) throws -> WireCheck.Report {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wire-\(UUID().uuidString).jsonl").path
        let lines = try requests.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try WireCheck.run(recordings: [path])
    }

    static let form = ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"]

    @Test func aDeliberatelyWrongRequestGivesItsThreeProblems() throws {
        // CreateSubnet with a misspelt member, without the required VpcId, and a tag specification
        // for a resource type EC2 does not have.
        let body =
            "Action=CreateSubnet&Version=2016-11-15&CidrBlok=10.0.1.0%2F24&TagSpecification.1.ResourceType=subnett"
            + "&TagSpecification.1.Tag.1.Key=team&TagSpecification.1.Tag.1.Value=ml"
        let report = try Self.check([Self.recorded("POST", "/", service: "ec2", headers: Self.form, body: body)])
        #expect(report.requests == 1)
        #expect(report.operations == ["ec2:CreateSubnet": 1])
        #expect(
            Set(report.problems.map { "\($0.operation) \($0.parameter)" }) == [
                "ec2:CreateSubnet CidrBlok", "ec2:CreateSubnet VpcId",
                "ec2:CreateSubnet TagSpecification.1.ResourceType",
            ])
        let reasons = Dictionary(uniqueKeysWithValues: report.problems.map { ($0.parameter, $0.reason) })
        #expect(reasons["CidrBlok"]?.hasPrefix("unknown parameter") == true)
        #expect(reasons["VpcId"] == "missing required parameter")
        #expect(
            reasons["TagSpecification.1.ResourceType"]?.contains("'subnett' is not in the enum ResourceType") == true)
    }

    /// Each protocol is decoded the way botocore encodes it before it is checked: the right form
    /// passes, a wrong one is named.
    @Test func everyProtocolIsReadBackIntoItsInputShape() throws {
        let json = ["X-Amz-Target": "ResourceGroupsTaggingAPI_20170126.GetResources"]
        let cases: [(request: [String: Any], problems: Set<String>)] = [
            // EC2 query: lists are Name.N, names capitalised from the model's locationName.
            (
                Self.recorded(
                    "POST", "/", service: "ec2", headers: Self.form,
                    body: "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=subnet-id&Filter.1.Value.1=subnet-1"
                        + "&MaxResults=1000"), []
            ),
            (
                Self.recorded(
                    "POST", "/", service: "ec2", headers: Self.form,
                    body: "Action=DescribeSubnets&Version=2016-11-15&Filters.member.1.Name=subnet-id"),
                ["ec2:DescribeSubnets Filters: unknown parameter (not a member of DescribeSubnetsRequest)"]
            ),
            // AWS query: lists are Name.member.N.
            (
                Self.recorded(
                    "POST", "/", service: "autoscaling", headers: Self.form,
                    body: "Action=DeleteTags&Version=2011-01-01&Tags.member.1.Key=a&Tags.member.1.ResourceId=g"
                        + "&Tags.member.1.ResourceType=auto-scaling-group"), []
            ),
            (
                Self.recorded(
                    "POST", "/", service: "autoscaling", headers: Self.form,
                    body: "Action=DeleteTags&Version=2011-01-01&Tags.1.Key=a"),
                ["autoscaling:DeleteTags Tags.1: unknown parameter (a list takes Tags.member.1, …)"]
            ),
            // JSON 1.1: the body is the input structure, with its types.
            (Self.recorded("POST", "/", service: "tagging", headers: json, body: #"{"ResourcesPerPage": 100}"#), []),
            (
                Self.recorded("POST", "/", service: "tagging", headers: json, body: #"{"ResourcesPerPage": "100"}"#),
                [#"resourcegroupstaggingapi:GetResources ResourcesPerPage: expected an integer, got "100""#]
            ),
            // REST-JSON: the operation comes from method and URI; URI labels and query members
            // are read from where the model binds them.
            (
                Self.recorded(
                    "DELETE", "/tags/arn%3Aaws%3Aeks%3Aus-east-1%3A1%3Acluster%2Fc?tagKeys=a&tagKeys=b", service: "eks"),
                []
            ),
            (
                Self.recorded("GET", "/clusters/c/node-groups?maxResults=10&colour=blue", service: "eks"),
                ["eks:ListNodegroups colour: unknown query parameter"]
            ),
            // REST-XML (S3): the payload's elements, and the checksum the model requires.
            (
                Self.recorded(
                    "PUT", "/bucket?versioning", service: "s3", headers: ["Content-MD5": "x"],
                    body: #"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                        + "<Status>Enabled</Status></VersioningConfiguration>"), []
            ),
            (
                Self.recorded(
                    "PUT", "/bucket?versioning", service: "s3",
                    body: "<VersioningConfiguration><Status>On</Status></VersioningConfiguration>"),
                [
                    "s3:PutBucketVersioning Content-MD5: missing: the operation requires a checksum of the body",
                    "s3:PutBucketVersioning VersioningConfiguration.Status: 'On' is not in the enum BucketVersioningStatus (Enabled, Suspended)",
                ]
            ),
        ]
        for (request, expected) in cases {
            let report = try Self.check([request])
            #expect(report.requests == 1)
            #expect(Set(report.problems.map(\.description)) == expected, "\(request["url"]!) \(request["body"]!)")
        }
    }

    /// Requests other clients send (boto3 in the tests' own checks) are not Fleetform's to answer for.
    @Test func onlyFleetformRequestsAreChecked() throws {
        var boto = Self.recorded(
            "POST", "/", service: "ec2", headers: Self.form, body: "Action=CreateSubnet&Version=2016-11-15")
        boto["headers"] = [
            "User-Agent": "Boto3/1.43", "Authorization": (boto["headers"] as! [String: String])["Authorization"]!,
        ]
        #expect(try Self.check([boto]).requests == 0)
    }

    /// End to end: a wrong request sent through the real client reaches moto, is recorded, and the
    /// harness's check names its problems (so a broken recorder cannot pass silently).
    @Test func theHarnessRecordsAndChecksWhatTheClientSends() async throws {
        try await withMoto { moto, transport in
            let client = moto.client(transport: transport, retryPolicy: .none)
            var parameters = QueryParameters()
            parameters["CidrBlok"] = "10.0.1.0/24"
            parameters["TagSpecification.1.ResourceType"] = "subnett"
            await #expect(throws: AWSError.self) {
                _ = try await client.query(.ec2, "CreateSubnet", parameters, region: "us-east-1")
            }
            let report = try moto.takeWireReport()
            #expect(report.operations["ec2:CreateSubnet"] == 1)
            #expect(report.operations["iam:CreateAccessKey"] == 1)
            #expect(
                Set(report.problems.map(\.parameter)) == ["CidrBlok", "VpcId", "TagSpecification.1.ResourceType"],
                "\(report)")
        }
    }
}
