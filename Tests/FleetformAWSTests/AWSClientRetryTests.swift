import AWSSigV4
import FleetformAWS
import Foundation
import Testing

/// Retry, backoff and error decoding of `AWSClient`, over a transport that replays scripted
/// answers (throttling and 5xx cannot be had from the emulator on demand). Sleeps are recorded,
/// not slept.
@Suite struct AWSClientRetryTests {
    final class SleepLog: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var delays: [Duration] = []
        func record(_ d: Duration) { lock.lock(); delays.append(d); lock.unlock() }
    }

    func client(_ transport: ScriptedTransport, sleeps: SleepLog, maxAttempts: Int = 4) -> AWSClient {
        AWSClient(
            credentials: StaticCredentialProvider(
                SigningCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "s3cr3t")),
            endpoints: EndpointResolver(
                environment: AWSEnvironment(
                    variables: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], homeDirectory: "/nonexistent",
                    readFile: { _ in nil })),
            transport: transport,
            retryPolicy: RetryPolicy(
                maxAttempts: maxAttempts, baseDelay: .milliseconds(100), maxDelay: .milliseconds(250), random: { 1.0 }),
            now: { Date(timeIntervalSince1970: 1_440_938_160) }, sleep: { sleeps.record($0) })
    }

    static let throttled = ScriptedTransport.response(
        400,
        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down</Message></Error></Errors><RequestID>r1</RequestID></Response>"
    )
    static let ok = ScriptedTransport.response(200, "<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>")

    @Test func throttlingAnd5xxAreRetriedWithCappedBackoff() async throws {
        let transport = ScriptedTransport([
            Self.throttled, ScriptedTransport.response(503, ""),
            .failure(AWSError(kind: .transport, code: "TransportError", message: "reset")),
            Self.ok,
        ])
        let sleeps = SleepLog()
        let result = try await client(transport, sleeps: sleeps).query(
            .ec2, "DescribeVpcs", QueryParameters(), region: "us-east-1")
        #expect(result.name == "DescribeVpcsResponse")
        #expect(transport.requests.count == 4)
        // Full jitter with random = 1: the ceiling itself, doubling from 100 ms and capped at 250 ms.
        #expect(sleeps.delays == [.milliseconds(100), .milliseconds(200), .milliseconds(250)])
    }

    /// Every send of one call carries the same `amz-sdk-invocation-id` and its attempt number,
    /// as the AWS SDKs send them; the next call gets a new id.
    @Test func retriesCarryOneInvocationIdAndTheirAttemptNumber() async throws {
        let transport = ScriptedTransport([Self.throttled, ScriptedTransport.response(503, ""), Self.ok, Self.ok])
        let client = client(transport, sleeps: SleepLog())
        _ = try await client.query(.ec2, "DescribeVpcs", QueryParameters(), region: "us-east-1")
        _ = try await client.query(.ec2, "DescribeVpcs", QueryParameters(), region: "us-east-1")
        let header = { (request: HTTPRequest, name: String) in request.headers.first { $0.name == name }?.value }
        let ids = transport.requests.map { header($0, "amz-sdk-invocation-id") }
        #expect(ids[0] != nil && ids[0] == ids[1] && ids[1] == ids[2] && ids[3] != ids[0], "\(ids)")
        #expect(
            transport.requests.map { header($0, "amz-sdk-request") }
                == ["attempt=1; max=4", "attempt=2; max=4", "attempt=3; max=4", "attempt=1; max=4"])
    }

    @Test func attemptsAreBounded() async throws {
        let transport = ScriptedTransport(Array(repeating: Self.throttled, count: 10))
        let sleeps = SleepLog()
        await #expect {
            _ = try await client(transport, sleeps: sleeps, maxAttempts: 3).query(
                .ec2, "DescribeVpcs", QueryParameters(), region: "us-east-1")
        } throws: { ($0 as? AWSError)?.code == "RequestLimitExceeded" }
        #expect(transport.requests.count == 3)
    }

    @Test func authFailuresAreNotRetriedAndExplainThemselves() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.response(
                403,
                "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error><RequestId>req-9</RequestId></ErrorResponse>"
            )
        ])
        let sleeps = SleepLog()
        do {
            _ = try await client(transport, sleeps: sleeps).query(
                .iam, "ListRoles", QueryParameters(), region: "us-east-1")
            Issue.record("expected an error")
        } catch let error as AWSError {
            #expect(error.code == "SignatureDoesNotMatch")
            #expect(error.requestId == "req-9")
            #expect(error.service == .iam)
            #expect(error.statusCode == 403)
            let text = error.description
            #expect(text.contains("http://127.0.0.1:1"))
            #expect(text.contains("secret access key is wrong for access key AKIDTEST"))
            #expect(!text.contains("s3cr3t"))
        }
        #expect(transport.requests.count == 1)
    }

    @Test func jsonAndS3ErrorsDecode() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.response(
                404, #"{"message":"No cluster found for name: x."}"#,
                headers: [("x-amzn-ErrorType", "ResourceNotFoundException:http://internal")]),
            ScriptedTransport.response(
                404, "<Error><Code>NoSuchBucket</Code><Message>gone</Message><RequestId>abc</RequestId></Error>"),
        ])
        let c = client(transport, sleeps: SleepLog())
        await #expect {
            _ = try await c.restJSON(.eks, "DescribeCluster", method: "GET", path: "/clusters/x", region: "us-east-1")
        } throws: { ($0 as? AWSError)?.code == "ResourceNotFoundException" && ($0 as? AWSError)?.isNotFound == true }
        await #expect {
            _ = try await c.s3(
                "GetBucketTagging", method: "GET", bucket: "b", subresource: "tagging", region: "us-east-1")
        } throws: { ($0 as? AWSError)?.code == "NoSuchBucket" && ($0 as? AWSError)?.requestId == "abc" }
        // The S3 request was addressed path-style to the overridden endpoint and signed with S3's rules.
        let s3 = transport.requests[1]
        #expect(s3.url == "http://127.0.0.1:1/b?tagging=")
        #expect(s3.headers.contains { $0.name == "x-amz-content-sha256" })
    }

    @Test func backoffNeverExceedsTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for attempt in 1...20 {
            let delay = policy.backoff(attempt: attempt)
            #expect(delay >= .zero && delay <= .seconds(1))
        }
    }

    @Test func apiCallsAreCountedPerService() async throws {
        let transport = ScriptedTransport([Self.throttled, Self.ok])
        let c = client(transport, sleeps: SleepLog())
        _ = try await c.query(.ec2, "DescribeVpcs", QueryParameters(), region: "us-east-1")
        #expect(c.metrics.count(.ec2) == 2)
        #expect(c.metrics.count(.ec2, action: "DescribeVpcs") == 2)
        #expect(c.metrics.summary == "api calls: 2 (ec2=2 [DescribeVpcs=2])")
    }
}
