// Signing benchmark: signs a typical EC2 query request (POST / DescribeInstances with a filter)
// repeatedly and prints signatures per second. Built by scripts/bench-sign with `swiftc -O`
// together with Sources/AWSSigV4/*.swift; not part of the package.
import Foundation

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
let credentials = SigningCredentials(
    accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
let body = Array(
    "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3Afleetform%3Astack&Filter.1.Value.1=training&MaxResults=1000"
        .utf8)
let request = SignableRequest(
    method: "POST", path: "/",
    headers: [
        ("host", "ec2.us-east-1.amazonaws.com"), ("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
    ],
    body: body)
let date = Date(timeIntervalSince1970: 1_440_938_160)

func measure(_ label: String, _ body: () -> String) {
    var last = ""
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<iterations { last = body() }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("\(label) \(Int(Double(iterations) / seconds)) \(last)")
}

// Warm-up, then the two modes: one signer reused (its signing key cached for the day), and a new
// signer per request (derives the key every time, as botocore's SigV4Auth does).
let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ec2")
for _ in 0..<1000 { _ = signer.sign(request, at: date) }
measure("swift-reused-signer") { signer.sign(request, at: date).signature }
measure("swift-new-signer") {
    SigV4Signer(credentials: credentials, region: "us-east-1", service: "ec2").sign(request, at: date).signature
}
