import FleetformModel

/// The KMS types (JSON 1.1, `TrentService`).
extension ResourceDeclaration {
    /// `aws_kms_key`: a symmetric customer-managed key, made with the key policy KMS gives by
    /// default (the account may use it; an `aws_kms_key_policy` then sets the key's own). CreateKey
    /// carries the tags; rotation is turned on or off with Enable/DisableKeyRotation and read with
    /// GetKeyRotationStatus. The id is the key id. Delete schedules the deletion after
    /// `deletion_window_in_days` (7–30; KMS's 30 when unset): a key cannot be deleted at once, and
    /// one pending deletion reads as gone (it can only be cancelled, not deleted again).
    static let kmsKey = ResourceDeclaration(
        "aws_kms_key", service: .kms, identity: .assigned(at: "KeyMetadata/KeyId"),
        fields: [
            .string("description", "Description").reading(default: ""),
            .string("key_usage", "KeyUsage").reading(default: "ENCRYPT_DECRYPT"),
            .string("customer_master_key_spec", "KeySpec", read: "KeySpec").reading(default: "SYMMETRIC_DEFAULT"),
            .boolean("enable_key_rotation", nil, read: .itemRead("rotation", "KeyRotationEnabled"))
                .reading(default: false),
            .integer("deletion_window_in_days", nil, read: .prior),
            .arn(read: "Arn"),
            .string("key_id", read: "KeyId"),
        ],
        create: .init(APICall(APIOperation(.kms, "CreateKey"), fields: .all)),
        read: .each(APICall(APIOperation(.kms, "DescribeKey"), ["KeyId": .id]), item: "KeyMetadata"),
        itemReads: [
            ItemRead("rotation", APICall(APIOperation(.kms, "GetKeyRotationStatus"), ["KeyId": .id])),
            ItemRead("tags", APICall(APIOperation(.kms, "ListResourceTags"), ["KeyId": .id])),
        ],
        gone: .equals("KeyState", "PendingDeletion"),
        updates: [
            UpdateStep(
                ["description"], .whenDiffers,
                APICall(APIOperation(.kms, "UpdateKeyDescription"), ["KeyId": .id], fields: ["description"])),
            // One of the two calls goes out: the key id is left out of the other, which skips it.
            UpdateStep(
                ["enable_key_rotation"], .whenDiffers, afterCreate: true,
                APICall(APIOperation(.kms, "EnableKeyRotation"), ["KeyId": rotationKeyID(true)], onlyWith: "KeyId"),
                APICall(APIOperation(.kms, "DisableKeyRotation"), ["KeyId": rotationKeyID(false)], onlyWith: "KeyId")),
        ],
        delete: .init(
            call: APICall(
                APIOperation(.kms, "ScheduleKeyDeletion"),
                ["KeyId": .id, "PendingWindowInDays": .attribute("deletion_window_in_days")])),
        tags: TagConvention(
            inline: ("Tags", .tags(.pairs(key: "TagKey", value: "TagValue"))),
            add: APICall(
                APIOperation(.kms, "TagResource"),
                ["KeyId": .id, "Tags": .tags(.pairs(key: "TagKey", value: "TagValue"))]),
            remove: APICall(APIOperation(.kms, "UntagResource"), ["KeyId": .id, "TagKeys": .tagKeys(.strings)]),
            read: ("Tags", .pairs(key: "TagKey", value: "TagValue")), readCall: .itemRead("tags")),
        adoption: .init(lookup: .none),
        forceNew: ["key_usage", "customer_master_key_spec"], computed: ["key_id"])

    /// The key id when the declared rotation is `enabled`, else nothing (the call is skipped).
    private static func rotationKeyID(_ enabled: Bool) -> InputValue {
        .computed { context in
            (context.declared["enable_key_rotation"]?.boolValue ?? false) == enabled
                ? context.id.map { .string($0) } : nil
        }
    }

    /// `aws_kms_key_policy`: the key's policy document, set with PutKeyPolicy (policy name
    /// `default`, the only one) and read with GetKeyPolicy; the id is the key id. KMS keeps a
    /// policy for as long as its key exists, so deleting this resource forgets it: the key it
    /// belongs to is scheduled for deletion with the stack.
    static let kmsKeyPolicy: ResourceDeclaration = {
        var declaration = ResourceDeclaration(
            "aws_kms_key_policy", service: .kms, identity: .named(["key_id"]),
            fields: [
                .string("key_id", "KeyId", read: .id).required(),
                .policyDocument("policy", "Policy", read: "Policy").required(),
            ],
            create: .init(putKeyPolicy),
            read: .each(
                APICall(APIOperation(.kms, "GetKeyPolicy"), ["KeyId": .id, "PolicyName": "default"]), item: ""),
            updates: [UpdateStep(["policy"], .whenDiffers, putKeyPolicy)],
            adoption: .init(lookup: .identity), forceNew: ["key_id"])
        declaration.deleteForgets = true
        return declaration
    }()

    private static let putKeyPolicy = APICall(
        APIOperation(.kms, "PutKeyPolicy"), ["KeyId": .attribute("key_id"), "PolicyName": "default"],
        fields: ["policy"])

    /// `aws_kms_alias`: a name (`alias/…`) for a key, which services accept where they take a key
    /// id, and which is known before the key exists. CreateAlias; read from ListAliases (every
    /// alias of the region, paged); UpdateAlias points it at another key; DeleteAlias. Aliases
    /// carry no tags.
    static let kmsAlias = ResourceDeclaration(
        "aws_kms_alias", service: .kms, identity: .named(["name"]),
        fields: [
            .string("name", "AliasName", read: "AliasName").required(),
            .string("target_key_id", "TargetKeyId", read: "TargetKeyId").required(),
            .arn(read: "AliasArn"),
        ],
        create: .init(APICall(APIOperation(.kms, "CreateAlias"), fields: .all)),
        read: .all(
            APICall(APIOperation(.kms, "ListAliases"), ["Limit": .constant(100)]), items: "Aliases", id: "AliasName"),
        updates: [
            UpdateStep(
                ["target_key_id"], .whenDiffers,
                APICall(APIOperation(.kms, "UpdateAlias"), ["AliasName": .id], fields: ["target_key_id"]))
        ],
        delete: .init(call: APICall(APIOperation(.kms, "DeleteAlias"), ["AliasName": .id])),
        adoption: .init(alreadyExists: ["AlreadyExistsException"], lookup: .identity), forceNew: ["name"])
}
