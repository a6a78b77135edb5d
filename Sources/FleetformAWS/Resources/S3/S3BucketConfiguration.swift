import FleetformModel

/// One of a bucket's sub-configurations managed as its own resource (`aws_s3_bucket_versioning`,
/// `…_server_side_encryption_configuration`, `…_lifecycle_configuration`,
/// `…_replication_configuration`): how to write it, read it back and remove it.
struct S3BucketConfiguration: Sendable {
    /// How deleting the resource undoes the configuration.
    enum Removal: Sendable {
        /// `DELETE ?subresource`.
        case deleteSubresource(action: String)
        /// Write this body instead (versioning cannot be removed, only suspended).
        case write(@Sendable () -> XMLWriter)
    }

    /// A PUT body: an XML document, or JSON text (a bucket policy).
    struct Body: Sendable {
        var xml: XMLWriter?
        var json: String?
    }

    var type: String
    /// The query key (`versioning`, `encryption`, `lifecycle`, `replication`, `policy`, …).
    var subresource: String
    var putAction: String
    var getAction: String
    var encode: @Sendable (AttributeReader) throws -> Body
    /// The attributes (besides `bucket`) the GET response body stands for, given the prior
    /// attributes; nil = not configured.
    var decode: @Sendable ([UInt8], [String: AttributeValue]) throws -> [String: AttributeValue]?
    var removal: Removal

    /// A sub-configuration written and read as XML.
    init(
        type: String, subresource: String, putAction: String, getAction: String,
        encode: @escaping @Sendable (AttributeReader) throws -> XMLWriter,
        decode: @escaping @Sendable (XMLTree) -> [String: AttributeValue]?, removal: Removal
    ) {
        self.type = type
        self.subresource = subresource
        self.putAction = putAction
        self.getAction = getAction
        self.encode = { Body(xml: try encode($0)) }
        self.decode = { bytes, _ in decode(try XMLTree.parse(bytes)) }
        self.removal = removal
    }

    /// A sub-configuration that is one JSON document in one attribute (`policy`), read back in the
    /// prior's formatting when it means the same.
    init(
        type: String, subresource: String, putAction: String, getAction: String, jsonAttribute: String,
        removal: Removal
    ) {
        self.type = type
        self.subresource = subresource
        self.putAction = putAction
        self.getAction = getAction
        self.encode = { Body(json: try $0.requiredString(jsonAttribute)) }
        self.decode = { bytes, prior in
            let text = String(decoding: bytes, as: UTF8.self)
            guard !text.isEmpty else { return nil }
            return [jsonAttribute: .string(PolicyDocument.preferring(prior[jsonAttribute]?.stringValue, over: text))]
        }
        self.removal = removal
    }
}

extension S3BucketConfiguration {
    static let versioning = S3BucketConfiguration(
        type: "aws_s3_bucket_versioning", subresource: "versioning", putAction: "PutBucketVersioning",
        getAction: "GetBucketVersioning",
        encode: { attributes in
            var writer = XMLWriter(root: "VersioningConfiguration")
            let status = attributes.block("versioning_configuration")?.string("status") ?? "Enabled"
            writer.element("Status", status)
            return writer
        },
        decode: { root in
            guard let status = root.string("Status"), !status.isEmpty else { return nil }
            return ["versioning_configuration": .map(["status": .string(status)])]
        },
        removal: .write({
            var writer = XMLWriter(root: "VersioningConfiguration")
            writer.element("Status", "Suspended")
            return writer
        }))

    static let encryption = S3BucketConfiguration(
        type: "aws_s3_bucket_server_side_encryption_configuration", subresource: "encryption",
        putAction: "PutBucketEncryption", getAction: "GetBucketEncryption",
        encode: { attributes in
            var writer = XMLWriter(root: "ServerSideEncryptionConfiguration")
            for rule in attributes.blocks("rule") {
                let byDefault = rule.block("apply_server_side_encryption_by_default")
                writer.element("Rule") { xml in
                    xml.element("ApplyServerSideEncryptionByDefault") { inner in
                        inner.element("SSEAlgorithm", byDefault?.string("sse_algorithm") ?? "AES256")
                        if let key = byDefault?.string("kms_master_key_id") { inner.element("KMSMasterKeyID", key) }
                    }
                    // S3 Bucket Keys: S3 asks KMS for a bucket-level key now and then, not a data key per object.
                    if let bucketKey = rule.bool("bucket_key_enabled") {
                        xml.element("BucketKeyEnabled", bucketKey ? "true" : "false")
                    }
                }
            }
            return writer
        },
        decode: { root in
            let rules: [AttributeValue] = root.children("Rule").map { rule in
                var byDefault: [String: AttributeValue] = [:]
                byDefault["sse_algorithm"] = rule.string("ApplyServerSideEncryptionByDefault/SSEAlgorithm").map {
                    .string($0)
                }
                byDefault["kms_master_key_id"] = rule.string("ApplyServerSideEncryptionByDefault/KMSMasterKeyID")
                    .map { .string($0) }
                var entry: [String: AttributeValue] = ["apply_server_side_encryption_by_default": .map(byDefault)]
                // S3 answers `false` for a rule that never asked for Bucket Keys: only `true` is a setting.
                if rule.string("BucketKeyEnabled") == "true" { entry["bucket_key_enabled"] = true }
                return .map(entry)
            }
            return rules.isEmpty ? nil : ["rule": .list(rules)]
        },
        removal: .deleteSubresource(action: "DeleteBucketEncryption"))

    static let lifecycle = S3BucketConfiguration(
        type: "aws_s3_bucket_lifecycle_configuration", subresource: "lifecycle",
        putAction: "PutBucketLifecycleConfiguration", getAction: "GetBucketLifecycleConfiguration",
        encode: { attributes in
            var writer = XMLWriter(root: "LifecycleConfiguration")
            for rule in attributes.blocks("rule") {
                let id = try rule.requiredString("id")
                writer.element("Rule") { xml in
                    xml.element("ID", id)
                    xml.element("Filter") { filter in
                        filter.element("Prefix", rule.block("filter")?.string("prefix") ?? "")
                    }
                    xml.element("Status", rule.string("status") ?? "Enabled")
                    // Objects encrypted with KMS keys replicate only when the rule says so (and names
                    // the key replicas are encrypted with, below).
                    if let sseKMS = rule.block("source_selection_criteria")?.block("sse_kms_encrypted_objects")?
                        .string("status")
                    {
                        xml.element("SourceSelectionCriteria") { criteria in
                            criteria.element("SseKmsEncryptedObjects") { objects in objects.element("Status", sseKMS) }
                        }
                    }
                    for transition in rule.blocks("transition") {
                        xml.element("Transition") { inner in
                            inner.element("Days", String(transition.int("days") ?? 0))
                            inner.element("StorageClass", transition.string("storage_class") ?? "GLACIER")
                        }
                    }
                    if let days = rule.block("expiration")?.int("days") {
                        xml.element("Expiration") { inner in inner.element("Days", String(days)) }
                    }
                    if let days = rule.block("noncurrent_version_expiration")?.int("noncurrent_days") {
                        xml.element("NoncurrentVersionExpiration") { inner in
                            inner.element("NoncurrentDays", String(days))
                        }
                    }
                    if let days = rule.block("abort_incomplete_multipart_upload")?.int("days_after_initiation") {
                        xml.element("AbortIncompleteMultipartUpload") { inner in
                            inner.element("DaysAfterInitiation", String(days))
                        }
                    }
                }
            }
            return writer
        },
        decode: { root in
            let rules: [AttributeValue] = root.children("Rule").map { rule in
                var entry: [String: AttributeValue] = [:]
                entry["id"] = rule.string("ID").map { .string($0) }
                entry["status"] = rule.string("Status").map { .string($0) }
                entry["filter"] = Self.filter(of: rule)
                // Blocks the rule does not have are left out, as the declaration leaves them out.
                let transitions = rule.children("Transition")
                if !transitions.isEmpty {
                    entry["transition"] = .list(
                        transitions.map { transition in
                            .map([
                                "days": .number(text: transition.string("Days")) ?? .null,
                                "storage_class": .string(transition.string("StorageClass") ?? ""),
                            ])
                        })
                }
                if let days = AttributeValue.number(text: rule.string("Expiration/Days")) {
                    entry["expiration"] = .map(["days": days])
                }
                if let days = AttributeValue.number(text: rule.string("NoncurrentVersionExpiration/NoncurrentDays")) {
                    entry["noncurrent_version_expiration"] = .map(["noncurrent_days": days])
                }
                if let days = AttributeValue.number(
                    text: rule.string("AbortIncompleteMultipartUpload/DaysAfterInitiation"))
                {
                    entry["abort_incomplete_multipart_upload"] = .map(["days_after_initiation": days])
                }
                return .map(entry)
            }
            return rules.isEmpty ? nil : ["rule": .list(rules)]
        },
        removal: .deleteSubresource(action: "DeleteBucketLifecycle"))

    static let replication = S3BucketConfiguration(
        type: "aws_s3_bucket_replication_configuration", subresource: "replication",
        putAction: "PutBucketReplication", getAction: "GetBucketReplication",
        encode: { attributes in
            let role = try attributes.requiredString("role")
            let rules = attributes.blocks("rule")
            var writer = XMLWriter(root: "ReplicationConfiguration")
            writer.element("Role", role)
            for (n, rule) in rules.enumerated() {
                guard let destination = rule.block("destination")?.string("bucket") else {
                    throw AWSError.invalidAttribute(
                        attributes.type, "rule.destination.bucket", expected: "a bucket ARN")
                }
                writer.element("Rule") { xml in
                    xml.element("ID", rule.string("id") ?? "rule-\(n + 1)")
                    xml.element("Priority", String(rule.int("priority") ?? n + 1))
                    xml.element("Filter") { filter in filter.element("Prefix", "") }
                    xml.element("Status", rule.string("status") ?? "Enabled")
                    // Objects encrypted with KMS keys replicate only when the rule says so (and names
                    // the key replicas are encrypted with, below).
                    if let sseKMS = rule.block("source_selection_criteria")?.block("sse_kms_encrypted_objects")?
                        .string("status")
                    {
                        xml.element("SourceSelectionCriteria") { criteria in
                            criteria.element("SseKmsEncryptedObjects") { objects in objects.element("Status", sseKMS) }
                        }
                    }
                    let deleteMarkers = rule.block("delete_marker_replication")?.string("status") ?? "Disabled"
                    xml.element("DeleteMarkerReplication") { marker in marker.element("Status", deleteMarkers) }
                    xml.element("Destination") { inner in
                        inner.element("Bucket", destination)
                        if let storageClass = rule.block("destination")?.string("storage_class") {
                            inner.element("StorageClass", storageClass)
                        }
                        if let replicaKey = rule.block("destination")?.block("encryption_configuration")?
                            .string("replica_kms_key_id")
                        {
                            inner.element("EncryptionConfiguration") { element in
                                element.element("ReplicaKmsKeyID", replicaKey)
                            }
                        }
                        // Replication metrics (S3 publishes failed operations and latency only with these on).
                        if let metrics = rule.block("destination")?.block("metrics")?.string("status") {
                            inner.element("Metrics") { element in element.element("Status", metrics) }
                        }
                    }
                }
            }
            return writer
        },
        decode: { root in
            guard let role = root.string("Role") else { return nil }
            let rules: [AttributeValue] = root.children("Rule").map { rule in
                var destination: [String: AttributeValue] = [:]
                destination["bucket"] = rule.string("Destination/Bucket").map { .string($0) }
                destination["storage_class"] = rule.string("Destination/StorageClass").map { .string($0) }
                destination["metrics"] = rule.string("Destination/Metrics/Status").map { .map(["status": .string($0)]) }
                destination["encryption_configuration"] = rule.string(
                    "Destination/EncryptionConfiguration/ReplicaKmsKeyID"
                )
                .map { .map(["replica_kms_key_id": .string($0)]) }
                var entry: [String: AttributeValue] = [:]
                entry["id"] = rule.string("ID").map { .string($0) }
                entry["status"] = rule.string("Status").map { .string($0) }
                entry["priority"] = AttributeValue.number(text: rule.string("Priority"))
                entry["filter"] = Self.filter(of: rule)
                entry["source_selection_criteria"] = rule.string(
                    "SourceSelectionCriteria/SseKmsEncryptedObjects/Status"
                )
                .map { .map(["sse_kms_encrypted_objects": .map(["status": .string($0)])]) }
                entry["delete_marker_replication"] = rule.string("DeleteMarkerReplication/Status").map {
                    .map(["status": .string($0)])
                }
                entry["destination"] = .map(destination)
                return .map(entry)
            }
            return ["role": .string(role), "rule": .list(rules)]
        },
        removal: .deleteSubresource(action: "DeleteBucketReplication"))
}

extension S3BucketConfiguration {
    /// A rule's `filter` block: `{}` for a filter on every object (an empty prefix, or none), or
    /// its prefix; nil when the rule has no filter.
    static func filter(of rule: XMLTree) -> AttributeValue? {
        guard let filter = rule.children("Filter").first else { return nil }
        let prefix = filter.string("Prefix") ?? ""
        return prefix.isEmpty ? .map([:]) : .map(["prefix": .string(prefix)])
    }
}
