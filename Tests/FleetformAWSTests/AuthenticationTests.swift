import AWSSigV4
import FleetformAWS
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

/// Signature checking end to end: a wrong secret fails on the first call with a message naming
/// the error and the endpoint, and a role profile is assumed through a signed STS AssumeRole.
@Suite(.serialized) struct AuthenticationTests {
    @Test func aWrongSecretFailsOnTheFirstCallAndWritesNothing() async throws {
        try await withMoto { moto, transport in
            var wrong = moto.credentials
            wrong.secretAccessKey = "not-" + wrong.secretAccessKey
            let metrics = APICallCounter()
            let provider = AWSProvider(client: moto.client(transport: transport, credentials: wrong, metrics: metrics))
            let request = makeRequest("aws_vpc", "core", ["cidr_block": "10.9.0.0/16"])
            var message = ""
            do {
                _ = try await provider.create(request)
                Issue.record("a create signed with a wrong secret succeeded")
            } catch let error as AWSError {
                message = error.description
                #expect(error.code == "AuthFailure" || error.code == "SignatureDoesNotMatch")
                #expect(error.endpoint == moto.endpointURL)
            }
            print("wrong secret: \(message)")
            #expect(message.contains(moto.endpointURL))
            #expect(message.contains("secret access key is wrong"))
            #expect(!message.contains(wrong.secretAccessKey))
            #expect(metrics.total == 1, "the first call fails and nothing is retried")

            let iamMessage: String
            do {
                _ = try await provider.create(
                    makeRequest("aws_iam_role", "r", ["name": "r", "assume_role_policy": "{}"]))
                iamMessage = ""
            } catch {
                iamMessage = "\(error)"
            }
            #expect(iamMessage.contains("SignatureDoesNotMatch"))

            // Nothing was written: the right key finds no VPC with our tags.
            let good = AWSProvider(client: moto.client(transport: transport))
            #expect(try await good.findCreated(request) == nil)
        }
    }

    @Test func roleProfilesAreAssumedThroughSignedSTS() async throws {
        try await withMoto { moto, transport in
            let admin = moto.client(transport: transport)
            // A signed AssumeRole needs an AWS principal in the trust policy (moto matches the caller's ARN exactly).
            var role = QueryParameters()
            role["RoleName"] = "deployer"
            role["AssumeRolePolicyDocument"] =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/fleetform-test"},"Action":"sts:AssumeRole"}]}"#
            let created = try await admin.query(.iam, "CreateRole", role, region: "us-east-1")
            let roleArn = try #require(created.first("Arn")?.text)
            var policy = QueryParameters()
            policy["RoleName"] = "deployer"
            policy["PolicyName"] = "all"
            policy["PolicyDocument"] =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            _ = try await admin.query(.iam, "PutRolePolicy", policy, region: "us-east-1")

            let home = NSTemporaryDirectory() + "fleetform-role-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: home) }
            try
                "[base]\naws_access_key_id = \(moto.credentials.accessKeyId)\naws_secret_access_key = \(moto.credentials.secretAccessKey)\n"
                .write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
            try "[profile deploy]\nrole_arn = \(roleArn)\nsource_profile = base\nregion = us-east-1\n"
                .write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
            let environment = AWSEnvironment(
                variables: ["AWS_PROFILE": "deploy", "AWS_ENDPOINT_URL": moto.endpointURL], homeDirectory: home,
                readFile: { FileManager.default.contents(atPath: $0).map { String(decoding: $0, as: UTF8.self) } })
            let source = try CredentialResolver(environment: environment).resolve()
            let endpoints = EndpointResolver(environment: environment)
            let metrics = APICallCounter()
            let credentials = source.makeProvider(
                endpoints: endpoints, transport: transport, region: "us-east-1", metrics: metrics)
            // Ten concurrent first callers (the executor's parallelism) share one AssumeRole call.
            let all = try await withThrowingTaskGroup(of: SigningCredentials.self) { group in
                for _ in 0..<10 { group.addTask { try await credentials.credentials() } }
                return try await group.reduce(into: [SigningCredentials]()) { $0.append($1) }
            }
            #expect(Set(all.map(\.accessKeyId)).count == 1)
            let keys = try #require(all.first)
            #expect(keys.accessKeyId != moto.credentials.accessKeyId)
            #expect(keys.sessionToken != nil)
            #expect(metrics.count(.sts, action: "AssumeRole") == 1)
            // The assumed role's credentials sign real calls; the cached keys are reused.
            let client = AWSClient(
                credentials: credentials, endpoints: endpoints, transport: transport, metrics: metrics)
            let identity = try await client.query(.sts, "GetCallerIdentity", QueryParameters(), region: "us-east-1")
            #expect(identity.first("Arn")?.text.contains("assumed-role/deployer") == true)
            _ = try await client.query(.ec2, "DescribeVpcs", QueryParameters(), region: "us-east-1")
            #expect(metrics.count(.sts, action: "AssumeRole") == 1)
        }
    }
}
