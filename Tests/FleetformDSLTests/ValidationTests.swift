import FleetformDSL
import Testing

/// Each test declares a stack with deliberate mistakes and checks the diagnostics point at the
/// declaring line (captured with #line next to the mistake).
@Suite struct ValidationTests {
    static let file = #filePath

    func errors(_ stack: Stack, env: String = "dev") -> [Diagnostic] {
        stack.synthesize(Environment(name: env)).diagnostics.filter { $0.severity == .error }
    }

    @Test func fiveMistakesGiveFiveDiagnosticsWithTheirLines() {
        nonisolated(unsafe) var lines: [Int] = []
        let stack = Stack("broken", region: .usEast1, drRegion: .usEast1) { _ in  // mistake 1: DR = primary
            let net = Network("core", cidr: "10.40.0.0/33", zones: 2); let netLine = #line  // mistake 2: bad CIDR
            GPUNodePool("trainers", network: net)
                .instanceTypes("p5.48xlarg")
            let typoLine = #line - 1  // mistake 3 (the line above): unknown type
            GPUNodePool("big", network: Network("ok2", cidr: "10.42.0.0/16", zones: 2))
                .instanceTypes("g6.xlarge")
                .capacity(min: 0, desired: 40, max: 32)
            let capLine = #line - 1  // mistake 4 (the line above): desired > max
            Bucket("Bad_Name").physicalName("Bad_Name"); let bucketLine = #line  // mistake 5: bucket name
            Resource("aws_cloudwatch_log_group", "logs", attributes: ["name": "x"])
            let _ = (lines = [netLine, typoLine, capLine, bucketLine])
        }
        let stackLine = stack.location.line
        let found = errors(stack)
        #expect(found.count == 5, "got: \(found.map { $0.render() })")
        let foundLines = Set(found.compactMap { $0.location?.line })
        #expect(foundLines == Set([stackLine] + lines))
        #expect(found.allSatisfy { $0.location?.file == Self.file })
        #expect(found.allSatisfy { $0.hint != nil })
    }

    @Test func unknownInstanceTypeSuggestsTheClosest() throws {
        let stack = Stack("s", region: .usEast1) { _ in
            GPUNodePool("p", network: Network("n", cidr: "10.0.0.0/16")).instanceTypes("p4d.24xlarg")
        }
        let error = try #require(errors(stack).first)
        #expect(error.message.contains("unknown instance type 'p4d.24xlarg'"))
        #expect(error.hint?.contains("p4d.24xlarge") == true)
    }

    @Test func instanceTypeNotOfferedInRegion() throws {
        // p5e.48xlarge is offered in a few regions only; af-south-1 has no p5e.
        let stack = Stack("s", region: .afSouth1) { _ in
            GPUNodePool("p", network: Network("n", cidr: "10.0.0.0/16")).instanceTypes("p5e.48xlarge")
        }
        let error = try #require(errors(stack).first)
        #expect(error.message.contains("is not offered in af-south-1"))
    }

    @Test(arguments: [(0, 5, 3), (4, 2, 8), (5, 5, 4), (-1, 0, 1)])
    func capacityOrderIsChecked(min: Int, desired: Int, max: Int) {
        let stack = Stack("s", region: .usEast1) { _ in
            GPUNodePool("p", network: Network("n", cidr: "10.0.0.0/16"))
                .instanceTypes("g6.xlarge").capacity(min: min, desired: desired, max: max)
        }
        #expect(errors(stack).count == 1)
    }

    @Test func overlappingNetworksAndSubnetsAreErrors() {
        let stack = Stack("s", region: .usEast1) { _ in
            Network("a", cidr: "10.0.0.0/16")
            Network("b", cidr: "10.0.128.0/17")
            Network("c", cidr: "10.9.0.0/16", subnets: ["10.9.0.0/20", "10.9.8.0/21", "10.10.0.0/20"])
        }
        let messages = errors(stack).map(\.message)
        #expect(messages.contains { $0.contains("overlaps") && $0.contains("aws_vpc.b") })
        #expect(messages.contains { $0.contains("subnets 10.9.0.0/20 and 10.9.8.0/21 overlap") })
        #expect(messages.contains { $0.contains("outside the VPC block") })
    }

    @Test func tooManyZones() throws {
        let stack = Stack("s", region: .usWest1) { _ in Network("n", cidr: "10.0.0.0/16", zones: 3) }
        #expect(try #require(errors(stack).first).message.contains("us-west-1 has 2"))
    }

    @Test(arguments: [
        "ab", "UPPER", "has_underscore", "-dash", "a..b", "192.168.1.1", "xn--abc", String(repeating: "a", count: 64),
    ])
    func invalidBucketNames(_ name: String) {
        let stack = Stack("s", region: .usEast1) { _ in Bucket("b").physicalName(name) }
        #expect(errors(stack).count == 1)
    }

    @Test func duplicateAddressesAreReported() throws {
        let stack = Stack("s", region: .usEast1) { _ in
            Bucket("logs")
            Bucket("logs")
        }
        #expect(try #require(errors(stack).first).message.contains("duplicate address aws_s3_bucket.logs"))
    }

    @Test func badVariableIsAnErrorAtItsLine() throws {
        nonisolated(unsafe) var line = 0
        let stack = Stack("s", region: .usEast1) { env in
            let size = env.variable("size", default: 1); let here = #line
            let _ = (line = here)
            GPUNodePool("p", network: Network("n", cidr: "10.0.0.0/16")).instanceTypes("g6.xlarge").capacity(
                min: 0, desired: size, max: 4)
        }
        let found = stack.synthesize(Environment(name: "dev", variables: ["size": "two"])).diagnostics
        #expect(found.count == 1)
        #expect(found.first?.location?.line == line)
    }

    @Test func replicationWithoutDRRegionIsAnError() throws {
        let stack = Stack("s", region: .usEast1) { _ in Bucket("b").replicated() }
        #expect(try #require(errors(stack).first).message.contains("declares no drRegion"))
    }

    @Test func renderedDiagnosticHasCompilerFormat() {
        let d = Diagnostic(
            .error, "desired (40) is above max (32)", hint: "keep min <= desired <= max",
            at: SourceLocation(file: "/repo/plans/training.swift", line: 14))
        #expect(
            d.render(relativeTo: "/repo")
                == "plans/training.swift:14: error: desired (40) is above max (32) — keep min <= desired <= max")
    }
}
