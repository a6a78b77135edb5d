import AWSSigV4
import FleetformAWS
import FleetformModel
import Foundation
import Testing

/// What each protocol encoder puts on the wire, checked on the request the transport receives.
@Suite struct WireProtocolTests {
    func client(_ transport: ScriptedTransport) -> AWSClient {
        AWSClient(
            credentials: StaticCredentialProvider(SigningCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "s")),
            endpoints: EndpointResolver(
                environment: AWSEnvironment(variables: [:], homeDirectory: "/nonexistent", readFile: { _ in nil })),
            transport: transport, retryPolicy: .none, now: { Date(timeIntervalSince1970: 1_440_938_160) })
    }

    func header(_ request: HTTPRequest, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name }?.value
    }

    @Test func ec2QueryIsAFormPostWithActionVersionAndNumberedLists() async throws {
        let transport = ScriptedTransport([ScriptedTransport.response(200, "<DescribeSubnetsResponse/>")])
        var parameters = QueryParameters()
        parameters["Filter.1.Name"] = "tag:fleetform:stack"
        parameters.setEC2List("Filter.1.Value", ["training run", "a&b"])
        _ = try await client(transport).query(.ec2, "DescribeSubnets", parameters, region: "eu-west-1")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://ec2.eu-west-1.amazonaws.com/")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=tag%3Afleetform%3Astack"
                + "&Filter.1.Value.1=training+run&Filter.1.Value.2=a%26b")
        #expect(header(request, "content-type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(header(request, "authorization")?.contains("/eu-west-1/ec2/aws4_request") == true)
    }

    @Test func awsQueryListsUseMembers() {
        var parameters = QueryParameters()
        parameters.setMembers("AutoScalingGroupNames", ["a", "b"])
        parameters["MaxRecords"] = "100"
        parameters["MaxRecords"] = nil
        #expect(
            parameters.items.map { $0.name + "=" + $0.value }
                == ["AutoScalingGroupNames.member.1=a", "AutoScalingGroupNames.member.2=b"])
    }

    @Test func json11SendsTheTargetAndDecodesJSON() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.response(200, #"{"FormatVersion":"aws_v1","PriceList":["{}"],"NextToken":"t2"}"#)
        ])
        let body: AttributeValue = ["ServiceCode": "AmazonEC2", "MaxResults": 100]
        let result = try await client(transport).json11(
            .pricing, targetPrefix: "AWSPriceListService", "GetProducts", body: body, region: "us-east-1")
        #expect(result.mapValue?["NextToken"] == "t2")
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://api.pricing.us-east-1.amazonaws.com/")
        #expect(header(request, "x-amz-target") == "AWSPriceListService.GetProducts")
        #expect(header(request, "content-type") == "application/x-amz-json-1.1")
        let sent = try JSONDecoder().decode(AttributeValue.self, from: Data(request.body))
        #expect(sent == body)
        #expect(header(request, "authorization")?.contains("/us-east-1/pricing/aws4_request") == true)
    }

    @Test func restJSONSignsThePayloadHashEvenWithoutABody() async throws {
        let transport = ScriptedTransport([ScriptedTransport.response(200, #"{"cluster":{"name":"a b"}}"#)])
        let result = try await client(transport).restJSON(
            .eks, "DescribeCluster", method: "GET", path: "/clusters/" + AWSPathEncoding.encodeSegment("a b"),
            region: "us-west-2")
        #expect(result.mapValue?["cluster"]?.mapValue?["name"] == "a b")
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://eks.us-west-2.amazonaws.com/clusters/a%20b")
        #expect(header(request, "x-amz-content-sha256") == PayloadDigest.emptySHA256)
        #expect(header(request, "authorization")?.contains("x-amz-content-sha256") == true)
    }

    @Test func s3IsVirtualHostedOnAWSWithAnMD5ForXMLBodies() async throws {
        let transport = ScriptedTransport([ScriptedTransport.response(200, "")])
        var body = XMLWriter(root: "VersioningConfiguration")
        body.element("Status", "Enabled")
        _ = try await client(transport).s3(
            "PutBucketVersioning", method: "PUT", bucket: "ckpt", subresource: "versioning", body: body,
            region: "us-east-2")
        let request = try #require(transport.requests.first)
        #expect(request.url == "https://ckpt.s3.us-east-2.amazonaws.com/?versioning=")
        #expect(header(request, "host") == "ckpt.s3.us-east-2.amazonaws.com")
        #expect(header(request, "content-md5")?.count == 24)
        #expect(String(decoding: request.body, as: UTF8.self).contains("<Status>Enabled</Status>"))
        #expect(header(request, "x-amz-content-sha256") == PayloadDigest.sha256Hex(request.body))
    }
}
