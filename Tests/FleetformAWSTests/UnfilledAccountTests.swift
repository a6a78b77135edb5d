import FleetformAWS
import FleetformModel
import Foundation
import Testing

/// A value the plan could not know (the account, for a plan made without credentials) never
/// reaches AWS: the provider refuses the request before sending anything.
@Suite struct UnfilledAccountTests {
    static func provider(_ transport: ScriptedTransport) -> AWSProvider {
        AWSProvider(client: AWSClientRetryTests().client(transport, sleeps: AWSClientRetryTests.SleepLog()))
    }

    @Test func aPlaceholderOrAnUnknownValueIsRefusedUnsent() async throws {
        let transport = ScriptedTransport([])
        let provider = Self.provider(transport)
        let placeholder = makeRequest(
            "aws_kms_key_policy", "alerts",
            [
                "key_id": "k-1",
                "policy": .string(#"{"Principal":{"AWS":"arn:aws:iam::\#(AccountID.placeholder):root"}}"#),
            ])
        let named = await #expect(throws: AWSError.self) { try await provider.create(placeholder) }
        #expect(named?.description.contains("plan again with credentials") == true, "\(String(describing: named))")
        var unknown = placeholder
        unknown.attributes["policy"] = .unknown
        let planned = await #expect(throws: AWSError.self) { try await provider.create(unknown) }
        #expect(planned?.description.contains("policy was not known when the plan was made") == true)
        #expect(transport.requests.isEmpty)
    }
}
