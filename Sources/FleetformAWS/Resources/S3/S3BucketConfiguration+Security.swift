import FleetformModel

/// The bucket sub-configurations a secure bucket carries: a public-access block, object
/// ownership (ACLs off), a policy (TLS only), server access logging and event notifications to
/// EventBridge. Each is its own resource with Terraform's type and attribute names.
extension S3BucketConfiguration {
    /// `aws_s3_bucket_public_access_block`: the four switches (`block_public_acls`, …).
    static let publicAccessBlock = S3BucketConfiguration(
        type: "aws_s3_bucket_public_access_block", subresource: "publicAccessBlock",
        putAction: "PutPublicAccessBlock", getAction: "GetPublicAccessBlock",
        encode: { attributes in
            var writer = XMLWriter(root: "PublicAccessBlockConfiguration")
            for (attribute, element) in publicAccessSwitches {
                writer.element(element, attributes.bool(attribute) ?? false ? "true" : "false")
            }
            return writer
        },
        decode: { root in
            var attributes: [String: AttributeValue] = [:]
            for (attribute, element) in publicAccessSwitches {
                attributes[attribute] = .bool(root.string(element) == "true")
            }
            return attributes
        },
        removal: .deleteSubresource(action: "DeletePublicAccessBlock"))

    private static let publicAccessSwitches = [
        ("block_public_acls", "BlockPublicAcls"), ("ignore_public_acls", "IgnorePublicAcls"),
        ("block_public_policy", "BlockPublicPolicy"), ("restrict_public_buckets", "RestrictPublicBuckets"),
    ]

    /// `aws_s3_bucket_ownership_controls`: `rule { object_ownership }` (`BucketOwnerEnforced`
    /// turns ACLs off).
    static let ownershipControls = S3BucketConfiguration(
        type: "aws_s3_bucket_ownership_controls", subresource: "ownershipControls",
        putAction: "PutBucketOwnershipControls", getAction: "GetBucketOwnershipControls",
        encode: { attributes in
            let ownership = try attributes.block("rule")?.requiredString("object_ownership") ?? "BucketOwnerEnforced"
            var writer = XMLWriter(root: "OwnershipControls")
            writer.element("Rule") { rule in rule.element("ObjectOwnership", ownership) }
            return writer
        },
        decode: { root in
            guard let ownership = root.string("Rule/ObjectOwnership") else { return nil }
            return ["rule": .map(["object_ownership": .string(ownership)])]
        },
        removal: .deleteSubresource(action: "DeleteBucketOwnershipControls"))

    /// `aws_s3_bucket_policy`: one JSON document.
    static let policy = S3BucketConfiguration(
        type: "aws_s3_bucket_policy", subresource: "policy", putAction: "PutBucketPolicy",
        getAction: "GetBucketPolicy", jsonAttribute: "policy",
        removal: .deleteSubresource(action: "DeleteBucketPolicy"))

    /// `aws_s3_bucket_logging`: server access logs into `target_bucket` under `target_prefix`;
    /// removed by writing an empty status.
    static let logging = S3BucketConfiguration(
        type: "aws_s3_bucket_logging", subresource: "logging", putAction: "PutBucketLogging",
        getAction: "GetBucketLogging",
        encode: { attributes in
            let target = try attributes.requiredString("target_bucket")
            let prefix = attributes.string("target_prefix") ?? ""
            var writer = XMLWriter(root: "BucketLoggingStatus")
            writer.element("LoggingEnabled") { enabled in
                enabled.element("TargetBucket", target)
                enabled.element("TargetPrefix", prefix)
            }
            return writer
        },
        decode: { root in
            guard let target = root.string("LoggingEnabled/TargetBucket") else { return nil }
            return [
                "target_bucket": .string(target),
                "target_prefix": .string(root.string("LoggingEnabled/TargetPrefix") ?? ""),
            ]
        },
        removal: .write({ XMLWriter(root: "BucketLoggingStatus") }))
}

extension S3BucketConfiguration {
    /// `aws_s3_bucket_notification` with `eventbridge = true`: the bucket's events (object created,
    /// deleted, restored, tagged) go to EventBridge's default bus, where rules pick what they need
    /// (a retraining trigger on new data). S3 keeps one notification configuration per bucket, so
    /// this resource owns all of it; removed by writing an empty one. Nothing configured reads as
    /// gone.
    static let notification = S3BucketConfiguration(
        type: "aws_s3_bucket_notification", subresource: "notification",
        putAction: "PutBucketNotificationConfiguration", getAction: "GetBucketNotificationConfiguration",
        encode: { attributes in
            var writer = XMLWriter(root: "NotificationConfiguration")
            if attributes.bool("eventbridge") ?? false {
                writer.element("EventBridgeConfiguration") { _ in }
            }
            return writer
        },
        decode: { root in
            // Other destinations (topics, queues, functions) are not managed: any of them, or
            // EventBridge missing, is drift on `eventbridge`.
            guard !root.children.isEmpty else { return nil }
            let others = ["TopicConfiguration", "QueueConfiguration", "CloudFunctionConfiguration"]
            let eventBridge = !root.children("EventBridgeConfiguration").isEmpty
            let foreign = others.contains { !root.children($0).isEmpty }
            return ["eventbridge": .bool(eventBridge && !foreign)]
        },
        removal: .write({ XMLWriter(root: "NotificationConfiguration") }))
}
