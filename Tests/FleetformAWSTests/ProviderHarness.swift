import AWSSigV4
import FleetformAWS
import FleetformModel
import FleetformTestSupport
import Foundation

/// Runs `body` against a fresh moto server with an `AWSProvider` signing as the server's IAM user.
func withMotoProvider(_ body: (MotoServer, AWSProvider) async throws -> Void) async throws {
    try await withMoto { moto, transport in
        let provider = AWSProvider(
            client: moto.client(transport: transport), waiter: Waiter(maxAttempts: 20, interval: .milliseconds(100)))
        try await body(moto, provider)
    }
}

/// A resource request in `us-east-1` with the ownership tags an apply adds.
func makeRequest(
    _ type: String, _ name: String, _ attributes: [String: AttributeValue], stack: String = "training",
    env: String = "test"
) -> ResourceRequest {
    let address = ResourceAddress(type: type, name: name)
    return ResourceRequest(
        address: address, provider: ProviderConfig(region: "us-east-1"), attributes: attributes,
        ownershipTags: ["fleetform:stack": stack, "fleetform:env": env, "fleetform:address": address.description],
        idempotencyToken: UUID().uuidString)
}

extension ResourceState {
    /// The `tags` attribute as a dictionary.
    var tags: [String: String] { (attributes["tags"]?.mapValue ?? [:]).compactMapValues(\.stringValue) }
    /// The `tags_all` attribute as a dictionary.
    var allTags: [String: String] { (attributes["tags_all"]?.mapValue ?? [:]).compactMapValues(\.stringValue) }
}

extension AttributeValue {
    /// A list of strings.
    static func strings(_ list: [String]) -> AttributeValue { .list(list.map { .string($0) }) }
}
