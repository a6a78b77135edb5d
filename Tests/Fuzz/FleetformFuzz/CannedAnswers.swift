import AWSSigV4
import FleetformAWS

/// Feeds a fuzzed body to the real AWS client as the answer of a call, through a transport that
/// always gives that answer: the path every response takes (status check, error decoding, XML and
/// JSON parsing), without a network.
enum CannedAnswers {
    struct Transport: HTTPTransport {
        let response: HTTPResponse
        func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse { response }
    }

    static func client(_ response: HTTPResponse) -> AWSClient {
        AWSClient(
            credentials: StaticCredentialProvider(SigningCredentials(accessKeyId: "AKIDFUZZ", secretAccessKey: "fuzz")),
            endpoints: EndpointResolver(
                environment: AWSEnvironment(
                    variables: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"], homeDirectory: "/fuzz",
                    readFile: { _ in nil })),
            transport: Transport(response: response), retryPolicy: .none)
    }

    /// A 200 read as a query result and the same body as a 400 error; true when the 200 parsed.
    static func xml(_ bytes: [UInt8]) async -> Bool {
        var accepted = false
        if let tree = try? await client(HTTPResponse(status: 200, headers: [], body: bytes))
            .query(.ec2, "DescribeVpcs", QueryParameters(), region: "us-east-1")
        {
            accepted = true
            _ = tree.all("item").count + (tree.string("vpcSet/item/vpcId")?.count ?? 0)
        }
        do {
            _ = try await client(HTTPResponse(status: 400, headers: [], body: bytes))
                .query(.iam, "GetRole", QueryParameters(), region: "us-east-1")
        } catch {
            _ = String(describing: error)
        }
        return accepted
    }

    /// A 200 read as a REST-JSON result and the same body as a 400 error.
    static func json(_ bytes: [UInt8]) async -> Bool {
        let ok = HTTPResponse(status: 200, headers: [("content-type", "application/json")], body: bytes)
        let accepted =
            (try? await client(ok).restJSON(
                .eks, "DescribeCluster", method: "GET", path: "/clusters/x", region: "us-east-1"))
            != nil
        let header = String(decoding: bytes.prefix(40), as: UTF8.self)
        do {
            let failed = HTTPResponse(status: 400, headers: [("x-amzn-ErrorType", header)], body: bytes)
            _ = try await client(failed).restJSON(
                .eks, "CreateCluster", method: "POST", path: "/clusters", region: "us-east-1")
        } catch {
            _ = String(describing: error)
        }
        return accepted
    }
}
