import FleetformDSL
import FleetformPlans
import Foundation
import Testing

/// The alert topic is encrypted with a key of the stack's whose policy names the account, which
/// the plan fills in (`AccountID`): known from the state or, on apply, from the credentials.
@Suite struct AlertEncryptionTests {
    func resource(_ m: Manifest, _ address: String) throws -> ManifestResource {
        try #require(m.resources.first { $0.address.description == address }, "no \(address)")
    }

    @Test func theTopicNamesItsKeysAliasAndWaitsForTheKeyPolicy() throws {
        let synthesis = training.synthesize(Environment(name: "prod", root: TestRoot.path))
        #expect(!synthesis.hasErrors, "\(synthesis.diagnostics.map { $0.render() })")
        let m = synthesis.manifest
        let topic = try resource(m, "aws_sns_topic.fleetform_alerts")
        let alias = try resource(m, "aws_kms_alias.fleetform_alerts")
        let key = try resource(m, "aws_kms_key.fleetform_alerts")
        let policy = try resource(m, "aws_kms_key_policy.fleetform_alerts")
        #expect(topic.attributes["kms_master_key_id"] == alias.attributes["name"])
        #expect(alias.attributes["name"]?.stringValue?.hasPrefix("alias/training-prod-") == true)
        #expect(Set(topic.dependsOn) == [alias.address, policy.address])
        #expect(key.attributes["enable_key_rotation"] == true && key.attributes["deletion_window_in_days"] == 7)
        #expect(
            alias.attributes["target_key_id"] == .reference(ResourceReference(key.address, "key_id"))
                && policy.attributes["key_id"] == .reference(ResourceReference(key.address, "id")))
        let document = try #require(policy.attributes["policy"]?.stringValue)
        #expect(document.contains(#""AWS":"arn:aws:iam::\#(AccountID.placeholder):root""#))
        #expect(document.contains(#""Service":["cloudwatch.amazonaws.com","events.amazonaws.com"]"#))
        #expect(document.contains(#""Action":["kms:Decrypt","kms:GenerateDataKey*"]"#))
        // Outside production the pools are not watched by default: no topic, no key.
        let dev = training.synthesize(Environment(name: "dev", root: TestRoot.path)).manifest
        #expect(!dev.resources.contains { $0.type.hasPrefix("aws_kms") })
        #expect(!AccountID.isMentioned(in: dev))
    }

    @Test func thePlanFillsInTheAccountOrLeavesTheValueUnknown() throws {
        let m = training.synthesize(Environment(name: "prod", root: TestRoot.path)).manifest
        #expect(AccountID.isMentioned(in: m))
        let known = AccountID.resolving(m, account: "123456789012")
        #expect(!AccountID.isMentioned(in: known))
        let policy = try resource(known, "aws_kms_key_policy.fleetform_alerts")
        #expect(policy.attributes["policy"]?.stringValue?.contains(#""AWS":"arn:aws:iam::123456789012:root""#) == true)
        // Only what named the account changed: the key policies.
        #expect(
            known.resources.filter { $0.type != "aws_kms_key_policy" }
                == m.resources.filter { $0.type != "aws_kms_key_policy" })
        let unknown = AccountID.resolving(m, account: nil)
        #expect(try resource(unknown, "aws_kms_key_policy.fleetform_alerts").attributes["policy"] == .unknown)
    }

    @Test func theStateRecordsTheAccountInItsARNs() {
        var state = State(lineage: "l", stack: "s", environment: "e")
        #expect(AccountID.recorded(in: state) == nil)
        let provider = ProviderConfig(region: "us-east-1")
        let bucket = ResourceAddress(type: "aws_s3_bucket", name: "data")
        state.resources[bucket] = ResourceState(
            address: bucket, provider: provider, id: "data", attributes: ["arn": "arn:aws:s3:::data"])
        // A bucket's ARN names no account.
        #expect(AccountID.recorded(in: state) == nil)
        let topic = ResourceAddress(type: "aws_sns_topic", name: "alerts")
        state.resources[topic] = ResourceState(
            address: topic, provider: provider, id: "arn:aws:sns:us-east-1:111122223333:alerts", attributes: [:])
        #expect(AccountID.recorded(in: state) == "111122223333")
    }
}
