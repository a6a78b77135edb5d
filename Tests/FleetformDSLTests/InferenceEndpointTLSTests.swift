import FleetformDSL
import FleetformModules
import FleetformPlans
import Foundation
import Testing

/// An endpoint with `.tls(certificate:)` serves HTTPS on 443 under a TLS 1.2+ policy and redirects
/// plain HTTP on 80 to it; a bad certificate, policy or port is an error at the declaration, and
/// plain HTTP in production is a warning unless it is on purpose.
@Suite struct InferenceEndpointTLSTests {
    static let certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

    func stack(_ endpoint: @escaping @Sendable (GPUNodePool) -> InferenceEndpoint) -> Stack {
        Stack("s", region: .usEast1) { _ in
            let net = Network("n", cidr: "10.20.0.0/16", zones: 2)
            endpoint(GPUNodePool("servers", network: net).instanceTypes("g6.xlarge"))
        }
    }

    func synthesize(_ stack: Stack, env: String = "dev") -> Synthesis {
        stack.synthesize(Environment(name: env, root: TestRoot.path))
    }

    func resource(_ synthesis: Synthesis, _ address: String) throws -> ManifestResource {
        try #require(synthesis.manifest.resources.first { $0.address.description == address }, "no \(address)")
    }

    @Test func httpsOn443WithTheRedirectFromPlainHTTP() throws {
        let synthesis = synthesize(
            stack { InferenceEndpoint("api", pool: $0, port: 8080).tls(certificate: Self.certificate) })
        #expect(synthesis.diagnostics.isEmpty, "\(synthesis.diagnostics.map { $0.render() })")
        let listener = try resource(synthesis, "aws_lb_listener.api")
        #expect(listener.attributes["protocol"] == "HTTPS")
        #expect(listener.attributes["port"] == 443)
        #expect(listener.attributes["ssl_policy"] == .string(InferenceEndpoint.defaultTLSPolicy))
        #expect(listener.attributes["certificate_arn"] == .string(Self.certificate))
        #expect(listener.attributes["default_action"]?.listValue?.first?.mapValue?["type"] == "forward")

        let redirect = try resource(synthesis, "aws_lb_listener.api_http")
        #expect(redirect.attributes["protocol"] == "HTTP")
        #expect(redirect.attributes["port"] == 80)
        let action = try #require(redirect.attributes["default_action"]?.listValue?.first?.mapValue)
        #expect(action["type"] == "redirect")
        let target = try #require(action["redirect"]?.listValue?.first?.mapValue)
        #expect(target["protocol"] == "HTTPS" && target["port"] == "443" && target["status_code"] == "HTTP_301")

        // The load balancer's group admits 443 and 80 from the VPC, nothing else.
        let group = try resource(synthesis, "aws_security_group.api_lb")
        let ports = (group.attributes["ingress"]?.listValue ?? []).compactMap { $0.mapValue?["from_port"]?.numberValue }
        #expect(Set(ports) == [443, 80])
        // The nodes are still reached over HTTP inside the VPC: TLS ends at the load balancer.
        #expect(try resource(synthesis, "aws_lb_target_group.api").attributes["protocol"] == "HTTP")
    }

    @Test func withoutTLSOneHTTPListenerOn80() throws {
        let synthesis = synthesize(stack { InferenceEndpoint("api", pool: $0, port: 8080) })
        #expect(synthesis.diagnostics.isEmpty)
        let listener = try resource(synthesis, "aws_lb_listener.api")
        #expect(listener.attributes["protocol"] == "HTTP" && listener.attributes["port"] == 80)
        #expect(listener.attributes["certificate_arn"] == nil && listener.attributes["ssl_policy"] == nil)
        #expect(!synthesis.manifest.resources.contains { $0.address.description == "aws_lb_listener.api_http" })
    }

    @Test func anotherPortAfterTLSAndAnotherPolicy() throws {
        let synthesis = synthesize(
            stack {
                InferenceEndpoint("api", pool: $0, port: 8080)
                    .tls(certificate: Self.certificate, policy: "ELBSecurityPolicy-TLS13-1-3-2021-06").listenerPort(
                        8443)
            })
        #expect(synthesis.diagnostics.isEmpty)
        let listener = try resource(synthesis, "aws_lb_listener.api")
        #expect(listener.attributes["port"] == 8443)
        #expect(listener.attributes["ssl_policy"] == "ELBSecurityPolicy-TLS13-1-3-2021-06")
        let redirect = try resource(synthesis, "aws_lb_listener.api_http")
        let action = redirect.attributes["default_action"]?.listValue?.first?.mapValue
        #expect(action?["redirect"]?.listValue?.first?.mapValue?["port"] == "8443")
    }

    @Test(arguments: [
        ("arn:aws:acm:us-west-2:123456789012:certificate/abc", "is in us-west-2, the load balancer in us-east-1"),
        ("api.example.com", "is not a certificate ARN"),
        ("arn:aws:s3:::bucket", "is not a certificate ARN"),
    ])
    func aCertificateThatCannotServeIsAnError(certificate: String, message: String) {
        let synthesis = synthesize(
            stack { InferenceEndpoint("api", pool: $0, port: 8080).tls(certificate: certificate) })
        let errors = synthesis.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1 && errors[0].message.contains(message), "\(errors.map { $0.render() })")
        #expect(errors.first?.location?.line != nil, "the error points at the declaration")
    }

    @Test func anIAMServerCertificateIsAccepted() {
        let synthesis = synthesize(
            stack {
                InferenceEndpoint("api", pool: $0, port: 8080)
                    .tls(certificate: "arn:aws:iam::123456789012:server-certificate/api")
            })
        #expect(synthesis.diagnostics.isEmpty)
    }

    @Test func aPolicyOrPortThatCannotWorkIsAnError() {
        let policy = synthesize(
            stack {
                InferenceEndpoint("api", pool: $0, port: 8080).tls(certificate: Self.certificate, policy: "TLSv1.2")
            })
        #expect(
            policy.diagnostics.contains { $0.severity == .error && $0.message.contains("not an ELB security policy") })
        let port = synthesize(
            stack { InferenceEndpoint("api", pool: $0, port: 8080).tls(certificate: Self.certificate).listenerPort(80) }
        )
        #expect(
            port.diagnostics.contains { $0.severity == .error && $0.message.contains("no port for the HTTP redirect") })
    }

    @Test func plainHTTPInProductionIsAWarningUnlessOnPurpose() {
        let plain = synthesize(stack { InferenceEndpoint("api", pool: $0, port: 8080) }, env: "prod")
        let warnings = plain.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 1 && warnings[0].message.contains("serves plain HTTP in production"))
        #expect(!plain.diagnostics.hasErrors)
        let onPurpose = synthesize(stack { InferenceEndpoint("api", pool: $0, port: 8080).plaintext() }, env: "prod")
        #expect(onPurpose.diagnostics.isEmpty)
        let secure = synthesize(
            stack { InferenceEndpoint("api", pool: $0, port: 8080).tls(certificate: Self.certificate) }, env: "prod")
        #expect(secure.diagnostics.isEmpty)
    }

    @Test func theInferenceStackServesHTTPSWhenGivenACertificate() throws {
        let synthesis = inference.synthesize(
            Environment(name: "prod", variables: ["certificate": Self.certificate], root: TestRoot.path))
        #expect(synthesis.diagnostics.isEmpty, "\(synthesis.diagnostics.map { $0.render() })")
        let listener = try resource(synthesis, "module.ranking.aws_lb_listener.ranking")
        #expect(listener.attributes["protocol"] == "HTTPS")
        #expect(try resource(synthesis, "module.ranking.aws_lb_listener.ranking_http").attributes["port"] == 80)

        let plain = inference.synthesize(Environment(name: "prod", root: TestRoot.path))
        #expect(plain.diagnostics.map(\.severity) == [.warning], "\(plain.diagnostics.map { $0.render() })")
        #expect(plain.diagnostics.first?.message.contains("serves plain HTTP in production") == true)
    }
}
