import FleetformModel

/// Where a stack's alerts go (SNS, AWS query protocol): a topic, its subscriptions and the policy
/// that lets CloudWatch alarms and EventBridge rules publish to it. SNS reports a topic's and a
/// subscription's settings as `Attributes` entries (`entry[key=…]/value`).
extension ResourceDeclaration {
    /// `aws_sns_topic`: CreateTopic is idempotent by name (a resend answers the same ARN), so a
    /// lost answer is simply sent again. The id is the ARN, as the provider's; the name is part of
    /// it and forces a replacement. `kms_master_key_id` (the key messages are encrypted with at
    /// rest: a key id, ARN or alias) is a topic attribute, sent with CreateTopic and changed with
    /// SetTopicAttributes. Tags are read with ListTagsForResource.
    static let snsTopic = ResourceDeclaration(
        "aws_sns_topic", service: .sns, identity: .assigned(at: "//TopicArn"),
        fields: [
            .string("name", "Name", read: .prior).required(),
            .string("kms_master_key_id", nil, read: "entry[key=KmsMasterKeyId]/value"),
            .arn(read: "entry[key=TopicArn]/value"),
        ],
        create: .init(
            APICall(
                APIOperation(.sns, "CreateTopic"),
                [
                    "Attributes.entry.1.key": .computed { context in
                        context.declared["kms_master_key_id"]?.stringValue.map { _ in "KmsMasterKeyId" }
                    },
                    "Attributes.entry.1.value": .attribute("kms_master_key_id"),
                ], fields: .all)),
        read: .each(APICall(APIOperation(.sns, "GetTopicAttributes"), ["TopicArn": .id]), item: "//Attributes"),
        itemReads: [
            ItemRead("tags", APICall(APIOperation(.sns, "ListTagsForResource"), ["ResourceArn": .id]))
        ],
        updates: [
            // An empty value turns encryption off.
            UpdateStep(
                ["kms_master_key_id"], .whenDiffers,
                APICall(
                    APIOperation(.sns, "SetTopicAttributes"),
                    [
                        "TopicArn": .id, "AttributeName": "KmsMasterKeyId",
                        "AttributeValue": .computed { context in
                            .string(context.declared["kms_master_key_id"]?.stringValue ?? "")
                        },
                    ]))
        ],
        delete: .init(call: APICall(APIOperation(.sns, "DeleteTopic"), ["TopicArn": .id])),
        tags: TagConvention(
            inline: ("Tags", .tags(.pairs())),
            add: APICall(APIOperation(.sns, "TagResource"), ["ResourceArn": .id, "Tags": .tags(.pairs())]),
            remove: APICall(
                APIOperation(.sns, "UntagResource"), ["ResourceArn": .id, "TagKeys": .tagKeys(.strings)]),
            read: ("//Tags", .pairs()), readCall: .itemRead("tags")),
        adoption: .init(lookup: .none), forceNew: ["name"])

    /// `aws_sns_topic_subscription`: Subscribe asks for the subscription's ARN at once
    /// (`ReturnSubscriptionArn`), also while an e-mail address has not confirmed yet. Read with
    /// GetSubscriptionAttributes; every setting forces a replacement. Subscriptions carry no tags.
    static let snsSubscription = ResourceDeclaration(
        "aws_sns_topic_subscription", service: .sns, identity: .assigned(at: "//SubscriptionArn"),
        fields: [
            .string("topic_arn", "TopicArn", read: "entry[key=TopicArn]/value").required(),
            .string("protocol", "Protocol", read: "entry[key=Protocol]/value").required(),
            .string("endpoint", "Endpoint", read: "entry[key=Endpoint]/value").required(),
            .arn(read: .id),
        ],
        create: .init(APICall(APIOperation(.sns, "Subscribe"), ["ReturnSubscriptionArn": true], fields: .all)),
        read: .each(
            APICall(APIOperation(.sns, "GetSubscriptionAttributes"), ["SubscriptionArn": .id]), item: "//Attributes"),
        delete: .init(call: APICall(APIOperation(.sns, "Unsubscribe"), ["SubscriptionArn": .id])),
        adoption: .init(lookup: .none), forceNew: ["topic_arn", "protocol", "endpoint"])

    /// `aws_sns_topic_policy`: the topic's `Policy` attribute, set with SetTopicAttributes (the id
    /// is the topic's ARN, as the provider's). Deleting it puts back the policy SNS gives a new
    /// topic (its owner account may use it), as the provider does.
    static let snsTopicPolicy = ResourceDeclaration(
        "aws_sns_topic_policy", service: .sns, identity: .named(["arn"]),
        fields: [
            .string("arn", "TopicArn", read: .id).required(),
            .policyDocument("policy", nil, read: "entry[key=Policy]/value").required(),
        ],
        create: .init(setTopicPolicy),
        read: .each(APICall(APIOperation(.sns, "GetTopicAttributes"), ["TopicArn": .id]), item: "//Attributes"),
        updates: [UpdateStep(["policy"], .whenDiffers, setTopicPolicy)],
        updateReadsCurrent: true,
        delete: .init(
            call: APICall(
                APIOperation(.sns, "SetTopicAttributes"),
                [
                    "TopicArn": .id, "AttributeName": "Policy",
                    "AttributeValue": .computed { context in
                        context.id.map { .string(defaultTopicPolicy(topicARN: $0)) }
                    },
                ]),
            readFirst: true),
        adoption: .init(lookup: .identity), forceNew: ["arn"])

    private static let setTopicPolicy = APICall(
        APIOperation(.sns, "SetTopicAttributes"),
        ["TopicArn": .attribute("arn"), "AttributeName": "Policy", "AttributeValue": .attribute("policy")])

    /// The policy SNS gives a new topic: its owner account may administer and publish.
    static func defaultTopicPolicy(topicARN: String) -> String {
        let parts = topicARN.split(separator: ":", omittingEmptySubsequences: false)
        let account = parts.count > 4 ? String(parts[4]) : ""
        let actions = [
            "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
            "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
        ]
        let document: AttributeValue = [
            "Version": "2008-10-17", "Id": "__default_policy_ID",
            "Statement": [
                [
                    "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": ["AWS": "*"],
                    "Action": .list(actions.map { .string($0) }), "Resource": .string(topicARN),
                    "Condition": ["StringEquals": ["AWS:SourceOwner": .string(account)]],
                ]
            ],
        ]
        return JSONWriter.string(document)
    }
}
