import FleetformAWS
import Testing

@Suite struct EndpointResolverTests {
    func resolver(_ variables: [String: String]) -> EndpointResolver {
        EndpointResolver(
            environment: AWSEnvironment(variables: variables, homeDirectory: "/nonexistent", readFile: { _ in nil }))
    }

    @Test func standardEndpoints() throws {
        let r = resolver([:])
        #expect(try r.endpoint(for: .ec2, region: "us-west-2").description == "https://ec2.us-west-2.amazonaws.com")
        #expect(
            try r.endpoint(for: .autoScaling, region: "eu-west-1").description
                == "https://autoscaling.eu-west-1.amazonaws.com")
        let iam = try r.endpoint(for: .iam, region: "eu-west-1")
        #expect(iam.description == "https://iam.amazonaws.com")
        #expect(iam.signingRegion == "us-east-1")
        #expect(try r.endpoint(for: .eks, region: "cn-north-1").host == "eks.cn-north-1.amazonaws.com.cn")
        #expect(try r.endpoint(for: .pricing, region: "eu-west-3").host == "api.pricing.eu-central-1.amazonaws.com")
        let (s3, path) = try r.s3Location(bucket: "data", key: "a b/c", region: "us-east-1")
        #expect(s3.host == "data.s3.us-east-1.amazonaws.com")
        #expect(path == "/a%20b/c")
        #expect(try r.s3Location(bucket: "with.dots", region: "us-east-1").path == "/with.dots")
    }

    @Test func overridesPerServiceThenGlobal() throws {
        let r = resolver([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_EC2": "http://localhost:4566/ec2/",
            "AWS_ENDPOINT_URL_AUTO_SCALING": "https://as.example:8443",
        ])
        let ec2 = try r.endpoint(for: .ec2, region: "us-east-1")
        #expect(ec2.hostHeader == "localhost:4566")
        #expect(ec2.basePath == "/ec2")
        #expect(ec2.isOverridden)
        #expect(try r.endpoint(for: .autoScaling, region: "us-east-1").description == "https://as.example:8443")
        let iam = try r.endpoint(for: .iam, region: "us-west-2")
        #expect(iam.description == "http://127.0.0.1:5000")
        #expect(iam.signingRegion == "us-east-1")
        let (s3, path) = try r.s3Location(bucket: "data", key: "k", region: "us-west-2")
        #expect(s3.hostHeader == "127.0.0.1:5000")
        #expect(path == "/data/k")
    }

    @Test func aBadOverrideIsAClearError() {
        #expect {
            try resolver(["AWS_ENDPOINT_URL_S3": "localhost:9000"]).endpoint(for: .s3, region: "us-east-1")
        } throws: { "\($0)".contains("AWS_ENDPOINT_URL_S3") && "\($0)".contains("http://") }
    }
}
