import AWSSigV4
import Foundation
import Testing

@Suite struct SigV4SignerTests {
    let credentials = SigningCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    let date = Date(timeIntervalSince1970: 1_440_938_160)

    @Test func s3SignsThePathAsSentWithoutEncodingItAgain() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let request = SignableRequest(
            method: "GET", path: "/bucket/my%20key/./x", headers: [("host", "127.0.0.1:5000")])
        let signed = signer.sign(request, at: date)
        #expect(signed.canonicalRequest.split(separator: "\n")[1] == "/bucket/my%20key/./x")
        let ec2 = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ec2")
        #expect(ec2.sign(request, at: date).canonicalRequest.split(separator: "\n")[1] == "/bucket/my%2520key/x")
    }

    @Test func s3AddsAndSignsTheContentHash() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let body = Array("hello".utf8)
        let signed = signer.sign(
            SignableRequest(method: "PUT", path: "/b/k", headers: [("host", "h")], body: body), at: date)
        let hash = PayloadDigest.sha256Hex(body)
        #expect(signed.headers.contains { $0.name == "x-amz-content-sha256" && $0.value == hash })
        #expect(signed.authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"))
        #expect(signed.canonicalRequest.hasSuffix("\n" + hash))
    }

    @Test func unsignedPayloadIsNamedInTheCanonicalRequest() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let request = SignableRequest(
            method: "PUT", path: "/b/k", headers: [("host", "h")], body: Array("x".utf8), payloadHash: .unsigned)
        let signed = signer.sign(request, at: date)
        #expect(signed.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(signed.headers.contains { $0.name == "x-amz-content-sha256" && $0.value == "UNSIGNED-PAYLOAD" })
    }

    @Test func aDifferentSecretGivesADifferentSignature() {
        let request = SignableRequest(method: "GET", path: "/", headers: [("host", "example.amazonaws.com")])
        let good = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service").sign(
            request, at: date)
        #expect(good.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        var wrong = credentials
        wrong.secretAccessKey += "x"
        let bad = SigV4Signer(credentials: wrong, region: "us-east-1", service: "service").sign(request, at: date)
        #expect(bad.signature != good.signature)
    }

    @Test func credentialsNeverPrintTheirSecrets() {
        let creds = SigningCredentials(accessKeyId: "AKID", secretAccessKey: "topsecret", sessionToken: "tokensecret")
        for text in ["\(creds)", String(describing: creds), String(reflecting: creds)] {
            #expect(!text.contains("topsecret") && !text.contains("tokensecret"))
            #expect(text.contains("AKID"))
        }
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"), (1_440_938_160.0, "20150830T123600Z"), (951_782_400.0, "20000229T000000Z"),
        (4_107_542_399.9, "21000228T235959Z"), (-1.0, "19691231T235959Z"),
    ])
    func timestampsAreUTC(_ seconds: Double, _ expected: String) {
        let time = SigningTimestamp(Date(timeIntervalSince1970: seconds))
        #expect(time.amzDate == expected)
        #expect(time.scopeDate == String(expected.prefix(8)))
    }

    @Test func percentEncodingKeepsUnreservedAndEncodesTheRest() {
        #expect(PercentEncoding.encode("a-b_c.d~e/f g+ሴ") == "a-b_c.d~e%2Ff%20g%2B%E1%88%B4")
        #expect(PercentEncoding.encode("/a b/", keepSlash: true) == "/a%20b/")
        #expect(PercentEncoding.decode("%E1%88%B4%2x+") == "ሴ%2x+")
        #expect(PercentEncoding.decode("a+b", plusIsSpace: true) == "a b")
    }
}
