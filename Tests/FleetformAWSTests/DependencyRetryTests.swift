import AWSSigV4
import FleetformAWS
import FleetformModel
import Foundation
import Testing

/// Deletes refused because something still uses the resource (`DependencyViolation` while
/// instances terminate) are retried with backoff within a bounded total wait; other errors are not.
@Suite struct DependencyRetryTests {
    static let inUse = ScriptedTransport.response(
        400,
        "<Response><Errors><Error><Code>DependencyViolation</Code><Message>The vpc 'vpc-1' has dependencies and cannot be deleted.</Message></Error></Errors><RequestID>r1</RequestID></Response>"
    )
    static let deleted = ScriptedTransport.response(200, "<DeleteVpcResponse><return>true</return></DeleteVpcResponse>")
    static let vpc = ResourceState(
        address: ResourceAddress(type: "aws_vpc", name: "core"), provider: ProviderConfig(region: "us-east-1"),
        id: "vpc-1",
        attributes: [:])

    func provider(_ transport: ScriptedTransport, sleeps: AWSClientRetryTests.SleepLog, maxTotalWait: Duration)
        -> AWSProvider
    {
        let client = AWSClientRetryTests().client(transport, sleeps: AWSClientRetryTests.SleepLog(), maxAttempts: 1)
        return AWSProvider(
            client: client,
            dependencyRetry: DependencyRetry(
                initialDelay: .seconds(2), maxDelay: .seconds(5), maxTotalWait: maxTotalWait,
                sleep: { sleeps.record($0) }))
    }

    @Test func aVPCWhoseDependentsGoAwayIsDeletedAfterBackoff() async throws {
        let transport = ScriptedTransport([Self.inUse, Self.inUse, Self.inUse, Self.deleted])
        let sleeps = AWSClientRetryTests.SleepLog()
        try await provider(transport, sleeps: sleeps, maxTotalWait: .seconds(60)).delete(Self.vpc)
        #expect(transport.requests.count == 4)
        #expect(sleeps.delays == [.seconds(2), .seconds(4), .seconds(5)])
    }

    @Test func theTotalWaitIsBoundedAndTheErrorSaysWhatToDo() async throws {
        let transport = ScriptedTransport(Array(repeating: Self.inUse, count: 20))
        let sleeps = AWSClientRetryTests.SleepLog()
        let error = await #expect(throws: AWSError.self) {
            try await provider(transport, sleeps: sleeps, maxTotalWait: .seconds(10)).delete(Self.vpc)
        }
        // 2 + 4 = 6 s waited; a further 5 s would pass the 10 s bound.
        #expect(sleeps.delays == [.seconds(2), .seconds(4)])
        #expect(transport.requests.count == 3)
        #expect(error?.code == "DependencyViolation")
        #expect(
            error?.message.contains("still in use after waiting 6s for aws_vpc vpc-1") == true,
            "\(String(describing: error))")
    }

    @Test func otherErrorsAreNotRetried() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.response(
                403,
                "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error></Errors></Response>"
            ),
            Self.deleted,
        ])
        let sleeps = AWSClientRetryTests.SleepLog()
        await #expect(throws: AWSError.self) {
            try await provider(transport, sleeps: sleeps, maxTotalWait: .seconds(60)).delete(Self.vpc)
        }
        #expect(transport.requests.count == 1 && sleeps.delays.isEmpty)
    }
}
