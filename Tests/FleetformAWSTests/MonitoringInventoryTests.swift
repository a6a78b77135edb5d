import FleetformDSL
import FleetformEngine
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

/// The orphan sweep finds and deletes what a stack's monitoring and encryption leave behind when
/// its state is lost, against moto with signatures checked: the KMS keys (topic's and buckets'),
/// the alert topic, the alarms and the interruption rule (whose target goes first: EventBridge
/// refuses to delete a rule that still has one). A key scheduled for deletion is not listed again.
@Suite(.serialized) struct MonitoringInventoryTests {
    static let regions = ["us-east-1", "us-west-2"]

    @Test func theTaggingAPIsARNsNameTheMonitoringTypes() {
        let account = "arn:aws:%@:us-east-1:123456789012:"
        func typeAndId(_ service: String, _ resource: String) -> [String] {
            let arn = account.replacingOccurrences(of: "%@", with: service) + resource
            return ResourceInventory.typeAndId(arn: arn).map { [$0.0, $0.1] } ?? []
        }
        #expect(typeAndId("kms", "key/1234abcd-12ab") == ["aws_kms_key", "1234abcd-12ab"])
        #expect(typeAndId("kms", "alias/team") == [])
        #expect(
            typeAndId("sns", "ops-alerts") == ["aws_sns_topic", "arn:aws:sns:us-east-1:123456789012:ops-alerts"])
        #expect(typeAndId("sns", "ops-alerts:5f1e") == [])  // a subscription
        #expect(typeAndId("cloudwatch", "alarm:gpus-capacity") == ["aws_cloudwatch_metric_alarm", "gpus-capacity"])
        #expect(typeAndId("events", "rule/interruptions") == ["aws_cloudwatch_event_rule", "interruptions"])
        #expect(typeAndId("events", "rule/team-bus/interruptions") == [])
    }

    @Test func theSweepFindsAndDeletesKeysTopicsAlarmsAndRules() async throws {
        try await withMoto { moto, transport in
            let client = moto.client(transport: transport)
            let provider = ShippedStacksTests.provider(client)
            let stack = Stack("lost", region: .usEast1, drRegion: .usWest2) { _ in
                Alerts(.email("ops@example.com"))
                let net = Network("core", cidr: "10.61.0.0/16", zones: 1).flowLogs(false)
                GPUNodePool("gpus", network: net).instanceTypes("g5.xlarge").capacity(min: 0, desired: 0, max: 1)
                    .purchase(.spot(onDemandBase: 0)).monitoring(.standard)
                Bucket("data").encrypted(.stackKey).replicated(to: .drRegion, monitored: true).accessLogging(false)
            }
            let synthesis = stack.synthesize(Environment(name: "dev"), coverage: AWSResourceCatalog.coverage)
            #expect(!synthesis.hasErrors, "\(synthesis.diagnostics.map { $0.render() })")
            let manifest = try await ShippedStacksTests.withAccount(synthesis.manifest, provider)
            let empty = State(lineage: "lost", stack: stack.name, environment: "dev")
            let state = try await ShippedStacksTests.run(ShippedStacksTests.plan(manifest, empty), on: empty, provider)
            #expect(state.resources.count == manifest.resources.count)

            // The state is lost: everything it recorded is an orphan, and the sweep must find it.
            let inventory = ResourceInventory(client: client)
            let found = try await inventory.resources(taggedWith: OwnershipTags.stack, regions: Self.regions)
            let listed = Set(found.map { "\($0.type) \($0.id)" })
            let watched: Set<String> = [
                "aws_kms_key", "aws_sns_topic", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_event_rule",
            ]
            let expected = state.resources.values.filter { watched.contains($0.address.type) }
            #expect(Set(expected.map(\.address.type)) == watched)
            #expect(expected.filter { $0.address.type == "aws_kms_key" }.count == 3)
            for resource in expected {
                #expect(listed.contains("\(resource.address.type) \(resource.id)"), "\(resource.address) not found")
            }

            let orphans = OrphanSweep.orphans(in: found, states: [])
            for wave in OrphanSweep.waves(orphans, rank: ResourceInventory.teardownRank) {
                for orphan in wave {
                    try await provider.delete(OrphanSweep.deletable(orphan))
                }
            }
            let left = try await inventory.resources(taggedWith: OwnershipTags.stack, regions: Self.regions)
            #expect(left.isEmpty, "\(left.map { "\($0.type) \($0.id)" })")
            let rules = try await client.call(APIOperation(.events, "ListRules"), [:], region: "us-east-1")
            #expect(rules.list("Rules").isEmpty)

            let report = try moto.takeWireReport()
            #expect(report.problems.isEmpty, "\(report)")
        }
    }
}
