import FleetformDSL
import FleetformEngine
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

/// The monitoring a stack declares, against moto with signatures checked: the alert topic (with an
/// SQS queue subscribed), its policy, a pool's alarms, the interruption rule and its target, the
/// replication alarms, the dashboard, the topic's KMS key (with its policy naming the account STS
/// reports, and its alias) and the buckets' notifications to EventBridge apply, read back clean,
/// show drift and destroy (the key: scheduled for deletion). The alerts arrive: EC2's interruption
/// warning reaches the queue through the rule and the topic, and so does the capacity alarm's
/// notification when it goes to ALARM; a new object's event reaches a rule of the team's own.
///
/// moto 5.2.1 delivers neither alert; `scripts/moto-server` adds both, and only when the topic's
/// policy and its key let EventBridge and CloudWatch, as AWS does (the second test shows it
/// refusing). moto still evaluates no alarm against metrics: states change only when set.
@Suite(.serialized) struct MonitoringTests {
    static let region = "us-east-1"

    @Test func alertsReachTheTopicAndTheResourcesRoundTrip() async throws {
        try await withMoto { moto, transport in
            let client = moto.client(transport: transport)
            let provider = ShippedStacksTests.provider(client)
            let (queueURL, queueARN) = try await Self.createQueue("alerts", client)

            let stack = Stack("watch", region: .usEast1, drRegion: .usWest2) { _ in
                Alerts(.queue(arn: queueARN))
                let net = Network("core", cidr: "10.60.0.0/16", zones: 2)
                GPUNodePool("gpus", network: net).instanceTypes("g5.xlarge").capacity(min: 0, desired: 0, max: 2)
                    .purchase(.spot(onDemandBase: 0)).monitoring(.standard)
                // Destroy empties it: the test puts an object in.
                Bucket("data").replicated(to: .drRegion, monitored: true).forceDestroy()
            }
            let synthesis = stack.synthesize(Environment(name: "dev"), coverage: AWSResourceCatalog.coverage)
            #expect(!synthesis.hasErrors, "\(synthesis.diagnostics.map { $0.render() })")
            // The key policy names the account: planned unknown without it, filled in as apply does.
            #expect(AccountID.isMentioned(in: synthesis.manifest))
            let manifest = try await ShippedStacksTests.withAccount(synthesis.manifest, provider)
            let account = try await provider.accountID(region: Self.region)
            let monitoringTypes: Set<String> = [
                "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription", "aws_cloudwatch_metric_alarm",
                "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_cloudwatch_dashboard",
                "aws_kms_key", "aws_kms_key_policy", "aws_kms_alias",
            ]
            #expect(monitoringTypes.isSubset(of: Set(manifest.resources.map(\.address.type))))

            let empty = State(lineage: "monitoring", stack: stack.name, environment: "dev")
            var state = try await ShippedStacksTests.run(ShippedStacksTests.plan(manifest, empty), on: empty, provider)
            #expect(state.resources.count == manifest.resources.count)
            state = try await ShippedStacksTests.refresh(state, provider)
            let replan = try ShippedStacksTests.plan(manifest, state)
            #expect(!replan.hasChanges, "\(ShippedStacksTests.changes(replan))")

            let topic = try PlatformStacksTests.one(state, "aws_sns_topic.fleetform_alerts")
            let target = try PlatformStacksTests.one(state, "aws_cloudwatch_event_target.fleetform_interruptions")
            #expect(target.attributes["arn"]?.stringValue == topic.id)
            let key = try await Self.expectEncryptedWithItsKey(state, client, account: account)
            let alarms = PlatformStacksTests.resources(state, "aws_cloudwatch_metric_alarm")
            #expect(alarms.count == 5)
            for alarm in alarms {
                #expect(alarm.attributes["alarm_actions"] == .list([.string(topic.id)]), "\(alarm.address)")
                #expect(alarm.attributes["ok_actions"] == .list([.string(topic.id)]), "\(alarm.address)")
            }

            // EC2's two-minute warning, as EC2 sends it (AWS refuses PutEvents from anyone else with
            // an `aws.` source; moto stands in for EC2). The rule matches source and detail type, not
            // the instance; the target's input transformer makes the alert's text.
            let instance = "i-0fa1c2d3e4b5a6978"
            let warning = try await client.call(
                APIOperation(.events, "PutEvents"),
                [
                    "Entries": [
                        [
                            "Source": "aws.ec2", "DetailType": "EC2 Spot Instance Interruption Warning",
                            "Detail": .string(#"{"instance-id":"\#(instance)","instance-action":"terminate"}"#),
                            "Resources": [.string("arn:aws:ec2:\(Self.region):\(account):instance/\(instance)")],
                        ]
                    ]
                ], region: Self.region)
            #expect(warning.string("FailedEntryCount") == "0")
            let interruption = try #require(try await Self.notifications(client, queueURL).first)
            #expect(interruption.topicARN == topic.id)
            #expect(
                interruption.message.hasPrefix(
                    #""EC2 Spot Instance Interruption Warning: instance \#(instance) in us-east-1 at "#)
                    && interruption.message.contains("(fleetform watch/dev)"), "\(interruption.message)")

            // The capacity alarm, forced to ALARM, sends CloudWatch's notification.
            let alarm = try PlatformStacksTests.one(state, "aws_cloudwatch_metric_alarm.gpus_capacity")
            _ = try await client.call(
                APIOperation(.monitoring, "SetAlarmState"),
                ["AlarmName": .string(alarm.id), "StateValue": "ALARM", "StateReason": "forced by the test"],
                region: Self.region)
            #expect(
                try await client.call(
                    APIOperation(.monitoring, "DescribeAlarms"), ["AlarmNames": [.string(alarm.id)]],
                    region: Self.region
                ).string("//MetricAlarms/member/StateValue") == "ALARM")
            let alert = try #require(try await Self.notifications(client, queueURL).first)
            #expect(alert.topicARN == topic.id)
            #expect(alert.subject == "ALARM: \"\(alarm.id)\" in US East (N. Virginia)")
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(alert.message.utf8)) as? [String: Any], "\(alert.message)")
            #expect(body["AlarmName"] as? String == alarm.id)
            #expect(body["AWSAccountId"] as? String == account)
            #expect(body["NewStateValue"] as? String == "ALARM")
            #expect(body["NewStateReason"] as? String == "forced by the test")
            #expect(body["Region"] as? String == "US East (N. Virginia)")
            let metrics = (body["Trigger"] as? [String: Any])?["Metrics"] as? [[String: Any]] ?? []
            #expect(
                metrics.contains {
                    $0["Expression"] as? String == "desired - in_service" && $0["ReturnData"] as? Bool == true
                },
                "\(body)")

            // Every bucket sends its events to EventBridge: a rule of the team's own on new objects in
            // `data` (a retraining trigger) receives the object moto reports created.
            let data = try PlatformStacksTests.one(state, "aws_s3_bucket.data")
            let notifications = PlatformStacksTests.resources(state, "aws_s3_bucket_notification")
            #expect(
                Set(notifications.map(\.id)) == Set(PlatformStacksTests.resources(state, "aws_s3_bucket").map(\.id)))
            #expect(notifications.allSatisfy { $0.attributes["eventbridge"] == true })
            // The bucket's TLS-only policy refuses the object over moto's plain HTTP: it goes first
            // (a change outside Fleetform, which shows as drift below).
            let policy = try PlatformStacksTests.one(state, "aws_s3_bucket_policy.data")
            _ = try await client.s3(
                "DeleteBucketPolicy", method: "DELETE", bucket: data.id, subresource: "policy", region: Self.region)
            try await Self.expectObjectCreatedEvent(client, bucket: data.id, queueURL: queueURL, queueARN: queueARN)

            // Changes made outside Fleetform show as drift on exactly those resources.
            let notification = try PlatformStacksTests.one(state, "aws_s3_bucket_notification.data")
            _ = try await client.s3(
                "PutBucketNotificationConfiguration", method: "PUT", bucket: data.id, subresource: "notification",
                body: XMLWriter(root: "NotificationConfiguration"), region: Self.region)
            let rule = try PlatformStacksTests.one(state, "aws_cloudwatch_event_rule.fleetform_interruptions")
            _ = try await client.call(
                APIOperation(.events, "DisableRule"), ["Name": .string(rule.id)], region: Self.region)
            _ = try await client.call(
                APIOperation(.kms, "DisableKeyRotation"), ["KeyId": .string(key.id)], region: Self.region)
            let dashboard = try PlatformStacksTests.one(state, "aws_cloudwatch_dashboard.fleetform")
            _ = try await client.call(
                APIOperation(.monitoring, "PutDashboard"),
                ["DashboardName": .string(dashboard.id), "DashboardBody": #"{"widgets":[]}"#], region: Self.region)
            state = try await ShippedStacksTests.refresh(state, provider)
            let drifted = Set(
                try ShippedStacksTests.plan(manifest, state).changes.filter { $0.action != .noOp }.map(\.address))
            #expect(
                drifted == [rule.address, dashboard.address, notification.address, policy.address, key.address],
                "\(drifted.map(\.description).sorted())")

            let destroyed = try await ShippedStacksTests.run(
                try Planner().plan(
                    manifest: manifest, state: state, schemas: AWSResourceSchemas.all,
                    options: PlanOptions(destroy: true)), on: state, provider)
            #expect(destroyed.resources.isEmpty, "\(destroyed.resources.keys.map(\.description))")
            let topics = try await client.call(APIOperation(.sns, "ListTopics"), [:], region: Self.region)
            #expect(topics.list("//Topics").isEmpty)
            // A key cannot be deleted at once: it waits out its 7 days pending deletion (and can
            // only be cancelled then); its alias is gone.
            let described = try await client.call(
                APIOperation(.kms, "DescribeKey"), ["KeyId": .string(key.id)], region: Self.region)
            #expect(described.string("KeyMetadata/KeyState") == "PendingDeletion")
            let aliases = try await client.call(APIOperation(.kms, "ListAliases"), [:], region: Self.region)
            #expect(!aliases.list("Aliases").contains { $0.string("TargetKeyId") == key.id })

            let report = try moto.takeWireReport()
            #expect(report.problems.isEmpty, "\(report)")
        }
    }

    /// The topic names its key's alias; the key rotates, its alias points at it, and its policy
    /// lets the account administer it and CloudWatch and EventBridge encrypt with it. Returns the key.
    static func expectEncryptedWithItsKey(_ state: State, _ client: AWSClient, account: String) async throws
        -> ResourceState
    {
        let topic = try PlatformStacksTests.one(state, "aws_sns_topic.fleetform_alerts")
        let key = try PlatformStacksTests.one(state, "aws_kms_key.fleetform_alerts")
        let alias = try PlatformStacksTests.one(state, "aws_kms_alias.fleetform_alerts")
        #expect(alias.id.hasPrefix("alias/") && alias.attributes["target_key_id"] == .string(key.id))
        let attributes = try await client.call(
            APIOperation(.sns, "GetTopicAttributes"), ["TopicArn": .string(topic.id)], region: region)
        #expect(attributes.string("//Attributes/entry[key=KmsMasterKeyId]/value") == alias.id)
        let rotation = try await client.call(
            APIOperation(.kms, "GetKeyRotationStatus"), ["KeyId": .string(key.id)], region: region)
        #expect(rotation.string("KeyRotationEnabled") == "true")
        let policy = try await client.call(
            APIOperation(.kms, "GetKeyPolicy"), ["KeyId": .string(key.id), "PolicyName": "default"], region: region)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data((policy.string("Policy") ?? "").utf8)) as? [String: Any])
        let statements = document["Statement"] as? [[String: Any]] ?? []
        #expect(
            statements.contains {
                ($0["Principal"] as? [String: Any])?["AWS"] as? String == "arn:aws:iam::\(account):root"
                    && $0["Action"] as? String == "kms:*"
            })
        let services = statements.first { ($0["Principal"] as? [String: Any])?["Service"] != nil }
        #expect(
            Set((services?["Principal"] as? [String: Any])?["Service"] as? [String] ?? [])
                == ["cloudwatch.amazonaws.com", "events.amazonaws.com"])
        #expect(Set(services?["Action"] as? [String] ?? []) == ["kms:Decrypt", "kms:GenerateDataKey*"])
        return key
    }

    /// A rule on `Object Created` in `bucket` sending to the queue; an object put into the bucket
    /// arrives there as S3's event (moto delivers S3 events to EventBridge and EventBridge to SQS).
    static func expectObjectCreatedEvent(_ client: AWSClient, bucket: String, queueURL: String, queueARN: String)
        async throws
    {
        let pattern =
            #"{"source":["aws.s3"],"detail-type":["Object Created"],"#
            + #""detail":{"bucket":{"name":["\#(bucket)"]}}}"#
        _ = try await client.call(
            APIOperation(.events, "PutRule"), ["Name": "new-data", "EventPattern": .string(pattern)], region: region)
        _ = try await client.call(
            APIOperation(.events, "PutTargets"),
            ["Rule": "new-data", "Targets": [["Id": "retrain", "Arn": .string(queueARN)]]], region: region)
        _ = try await client.s3(
            "PutObject", method: "PUT", bucket: bucket, key: "incoming/part-0001.parquet", jsonBody: "rows",
            region: region)
        let delivered = try await receive(client, queueURL)
        #expect(
            delivered.contains("Object Created") && delivered.contains("incoming/part-0001.parquet"), "\(delivered)")
    }

    /// The bodies of the messages waiting in the queue (at most 10), joined; waits up to 5 s.
    static func receive(_ client: AWSClient, _ queueURL: String) async throws -> String {
        try await receiveBodies(client, queueURL).joined(separator: "\n")
    }

    /// The bodies of the messages waiting in the queue (at most 10), deleted once read; asks every
    /// 100 ms, at most `attempts` times, and answers none if none came.
    static func receiveBodies(_ client: AWSClient, _ queueURL: String, attempts: Int = 50) async throws -> [String] {
        for attempt in 0..<attempts {
            let answer = try await client.call(
                APIOperation(.sqs, "ReceiveMessage"), ["QueueUrl": .string(queueURL), "MaxNumberOfMessages": 10],
                region: region)
            let messages = answer.list("//ReceiveMessageResult")
            let bodies = messages.compactMap { $0.string("Body") }
            if !bodies.isEmpty {
                for message in messages {
                    if let handle = message.string("ReceiptHandle") {
                        _ = try await client.call(
                            APIOperation(.sqs, "DeleteMessage"),
                            ["QueueUrl": .string(queueURL), "ReceiptHandle": .string(handle)], region: region)
                    }
                }
                return bodies
            }
            if attempt + 1 < attempts { try await Task.sleep(for: .milliseconds(100)) }
        }
        return []
    }

    /// An SNS notification as a queue subscribed without raw delivery receives it.
    struct Notification: Decodable {
        var topicARN: String
        var subject: String?
        var message: String

        enum CodingKeys: String, CodingKey {
            case topicARN = "TopicArn"
            case subject = "Subject"
            case message = "Message"
        }
    }

    /// The SNS notifications waiting in the queue (waits up to 5 s for the first).
    static func notifications(_ client: AWSClient, _ queueURL: String) async throws -> [Notification] {
        try await receiveBodies(client, queueURL).map {
            try JSONDecoder().decode(Notification.self, from: Data($0.utf8))
        }
    }

    /// A new queue: its URL and ARN (the URL ends in ACCOUNT/NAME).
    static func createQueue(_ name: String, _ client: AWSClient) async throws -> (url: String, arn: String) {
        let created = try await client.call(
            APIOperation(.sqs, "CreateQueue"), ["QueueName": .string(name)], region: region)
        let url = try #require(created.string("//QueueUrl"))
        let path = url.split(separator: "/").suffix(2)
        return (url, "arn:aws:sqs:\(region):\(path.first ?? ""):\(path.last ?? "")")
    }
}
