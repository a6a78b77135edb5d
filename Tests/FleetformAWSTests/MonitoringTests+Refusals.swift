import FleetformTestSupport
import Foundation
import Testing

@testable import FleetformAWS

extension MonitoringTests {
    /// What AWS drops, the test cloud drops: an event for a topic whose policy does not name
    /// EventBridge (a new topic's default policy), or denies it, or a topic encrypted with SNS's
    /// AWS-managed key, never reaches the subscribed queue; nor does an alarm's notification through
    /// that key. The same event, and the alarm's next notification, arrive once the topic and its key
    /// allow them, so each silence is the check's, and the server's log says why.
    @Test func deliveriesTheTopicOrItsKeyRefuseAreDropped() async throws {
        try await withMoto { moto, transport in
            let client = moto.client(transport: transport)
            let account = try await AWSProvider(client: client).accountID(region: Self.region)
            let (queueURL, queueARN) = try await Self.createQueue("probe", client)
            let topicARN = try #require(
                try await client.call(APIOperation(.sns, "CreateTopic"), ["Name": "probe"], region: Self.region)
                    .string("//TopicArn"))
            _ = try await client.call(
                APIOperation(.sns, "Subscribe"),
                ["TopicArn": .string(topicARN), "Protocol": "sqs", "Endpoint": .string(queueARN)], region: Self.region)
            let ruleARN = try #require(
                try await client.call(
                    APIOperation(.events, "PutRule"),
                    ["Name": "probe", "EventPattern": #"{"source":["fleetform.probe"]}"#], region: Self.region
                ).string("RuleArn"))
            _ = try await client.call(
                APIOperation(.events, "PutTargets"),
                ["Rule": "probe", "Targets": [["Id": "topic", "Arn": .string(topicARN)]]], region: Self.region)
            let setTopic = { (name: String, value: String) in
                _ = try await client.call(
                    APIOperation(.sns, "SetTopicAttributes"),
                    ["TopicArn": .string(topicARN), "AttributeName": .string(name), "AttributeValue": .string(value)],
                    region: Self.region)
            }
            // Delivery is synchronous in moto: what has not arrived a second after PutEvents never will.
            let eventArrives = {
                let sent = try await client.call(
                    APIOperation(.events, "PutEvents"),
                    ["Entries": [["Source": "fleetform.probe", "DetailType": "Probe", "Detail": "{}"]]],
                    region: Self.region)
                #expect(sent.string("FailedEntryCount") == "0")
                return try await Self.receiveBodies(client, queueURL, attempts: 10).contains {
                    $0.contains("fleetform.probe")
                }
            }
            let rulePublishes =
                #"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","#
                + #""Resource":"\#(topicARN)","Condition":{"ArnEquals":{"aws:SourceArn":"\#(ruleARN)"}}}"#
            let alarmsPublish =
                #"{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:*","#
                + #""Resource":"arn:aws:sns:\#(Self.region):\#(account):*"}"#
            let denied = #"{"Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"*"}"#
            let policy = { (statements: [String]) in
                #"{"Version":"2012-10-17","Statement":["# + statements.joined(separator: ",") + "]}"
            }

            #expect(try await !eventArrives())
            try await setTopic("Policy", policy([rulePublishes, alarmsPublish]))
            #expect(try await eventArrives())
            try await setTopic("Policy", policy([rulePublishes, alarmsPublish, denied]))
            #expect(try await !eventArrives())
            try await setTopic("Policy", policy([rulePublishes, alarmsPublish]))

            try await setTopic("KmsMasterKeyId", "alias/aws/sns")
            #expect(try await !eventArrives())
            _ = try await client.call(
                APIOperation(.monitoring, "PutMetricAlarm"),
                [
                    "AlarmName": "probe", "Namespace": "Fleetform/Probe", "MetricName": "Shortfall",
                    "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 1, "Threshold": 0,
                    "ComparisonOperator": "GreaterThanThreshold", "AlarmActions": [.string(topicARN)],
                ], region: Self.region)
            let alarmGoes = { (state: String) in
                _ = try await client.call(
                    APIOperation(.monitoring, "SetAlarmState"),
                    ["AlarmName": "probe", "StateValue": .string(state), "StateReason": "forced by the test"],
                    region: Self.region)
            }
            try await alarmGoes("ALARM")
            #expect(try await Self.receiveBodies(client, queueURL, attempts: 10).isEmpty)

            // A key of the account's own that lets both services use it.
            let keyPolicy =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","#
                + #""Principal":{"AWS":"arn:aws:iam::\#(account):root"},"Action":"kms:*","Resource":"*"},"#
                + #"{"Effect":"Allow","Principal":{"Service":["cloudwatch.amazonaws.com","events.amazonaws.com"]},"#
                + #""Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*"}]}"#
            let keyARN = try #require(
                try await client.call(
                    APIOperation(.kms, "CreateKey"), ["Policy": .string(keyPolicy)], region: Self.region
                )
                .string("KeyMetadata/Arn"))
            try await setTopic("KmsMasterKeyId", keyARN)
            #expect(try await eventArrives())
            try await alarmGoes("OK")
            try await alarmGoes("ALARM")
            let alert = try #require(try await Self.notifications(client, queueURL).first)
            #expect(alert.subject == #"ALARM: "probe" in US East (N. Virginia)"#)

            let drops = moto.log().split(separator: "\n").filter { $0.hasPrefix("moto-server: dropped") }
            let reasons = [
                "events.amazonaws.com delivery from \(ruleARN) to \(topicARN): the topic's access policy does not allow events.amazonaws.com sns:Publish",
                "events.amazonaws.com delivery from \(ruleARN) to \(topicARN): the topic's access policy denies events.amazonaws.com sns:Publish",
                "events.amazonaws.com delivery from \(ruleARN) to \(topicARN): the topic is encrypted with the AWS-managed key alias/aws/sns",
                "cloudwatch.amazonaws.com delivery from arn:aws:cloudwatch:\(Self.region):\(account):alarm:probe to \(topicARN): the topic is encrypted with the AWS-managed key alias/aws/sns",
            ]
            #expect(drops.count == reasons.count, "\(drops)")
            for reason in reasons {
                #expect(drops.contains { $0.contains(reason) }, "\(reason) not in \(drops)")
            }
        }
    }
}
