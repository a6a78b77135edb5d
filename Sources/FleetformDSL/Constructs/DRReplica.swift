/// A disaster-recovery replica in another region.
///
/// For a bucket: a replica bucket, a replication configuration and the IAM role S3 assumes to
/// copy objects, with its policy (`Bucket(…).replicated(to: .drRegion)` is shorthand). For a
/// node pool: a standby pool in the DR region kept at a warm size, ready to scale up.
///
/// ```swift
/// DRReplica(of: checkpoints, in: .drRegion)
/// DRReplica(standbyFor: trainers, network: drNet, warmSize: 1)
/// ```
public struct DRReplica: Construct {
    enum Source: Sendable {
        case bucket(Bucket, Bucket.ReplicaSettings)
        case pool(GPUNodePool, network: Network, warmSize: Int, site: SourceLocation)
    }

    let source: Source

    /// Replicates `bucket` into a bucket in `region`. `monitored` turns on S3's replication
    /// metrics and alarms on failed operations and latency (nil: in production only).
    public init(
        of bucket: Bucket, in region: RegionChoice = .drRegion, storageClass: StorageClass? = nil,
        monitored: Bool? = nil, file: String = #filePath, line: Int = #line
    ) {
        let bucket = bucket.versioned()
        source = .bucket(
            bucket,
            .init(
                region: region, storageClass: storageClass, monitored: monitored,
                site: SourceLocation(file: file, line: line)))
    }

    init(of bucket: Bucket, settings: Bucket.ReplicaSettings) {
        source = .bucket(bucket, settings)
    }

    /// A standby copy of `pool` on `network` (declared in the DR region), kept at `warmSize` nodes.
    public init(
        standbyFor pool: GPUNodePool, network: Network, warmSize: Int = 0, file: String = #filePath, line: Int = #line
    ) {
        source = .pool(pool, network: network, warmSize: warmSize, site: SourceLocation(file: file, line: line))
    }

    public func expand(in context: SynthesisContext) {
        switch source {
        case .bucket(let bucket, let settings): expandBucket(bucket, settings, context)
        case .pool(let pool, let network, let warmSize, let site): expandPool(pool, network, warmSize, site, context)
        }
    }

    private func expandBucket(_ bucket: Bucket, _ settings: Bucket.ReplicaSettings, _ context: SynthesisContext) {
        // The source is part of the stack once, whether it is listed or only passed here.
        bucket.include(in: context)
        guard context.firstExpansion(of: "replica:" + bucket.identity) else { return }
        let primary = context.region(bucket.region, at: bucket.site.location)
        let target = context.region(settings.region, at: settings.site)
        if target == primary {
            context.error(
                "bucket '\(bucket.name)' is replicated to \(target), its own region",
                hint: "replicate to another region (declare drRegion on the stack)", at: settings.site)
        }
        let source = bucket.bucketAddress
        let path = source.modulePath
        let replicaAddress = ResourceAddress(modulePath: path, type: "aws_s3_bucket", name: bucket.name + "_replica")
        let roleAddress = ResourceAddress(modulePath: path, type: "aws_iam_role", name: bucket.name + "_replication")
        let sourceName = bucket.resolvedName(in: context)
        let replicaName = context.globalBucketName(for: replicaAddress)
        var usage: [String: Double] = [:]
        if let stored = bucket.storedTerabytes { usage["stored_tb"] = stored }
        var replicaBucket = bucket
        replicaBucket.replica = nil
        replicaBucket.rules = []
        replicaBucket.isVersioned = true
        replicaBucket.options.lifecycle = bucket.options.lifecycle
        // S3 copies objects encrypted with a KMS key only when the rule asks it to and names the
        // key replicas are encrypted with: the stack's key in the replica's region (a key is
        // regional; the source's cannot encrypt there).
        let replicaKey: StackKey?
        switch bucket.effectiveEncryption(in: context) {
        case .stackKey?, .kms?:
            replicaBucket.encryption = .stackKey
            replicaKey = StackKey.buckets(in: target, context: context, at: settings.site)
        default: replicaKey = nil
        }
        replicaBucket.emitBucket(
            named: replicaName, address: replicaAddress, region: target, usage: usage, context: context)

        let sourceARN = "arn:aws:s3:::\(sourceName)"
        let replicaARN = "arn:aws:s3:::\(replicaName)"
        var grants: [PolicyDocument.Grant] = [
            .init(actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], on: .init(resources: [sourceARN])),
            .init(
                actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                on: .init(resources: [sourceARN + "/*"])),
            .init(
                actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                on: .init(resources: [replicaARN + "/*"])),
        ]
        // The role decrypts what it copies and encrypts the copy (the account's aws/s3 key lets
        // every role of the account use it through S3: it needs no grant).
        if let sourceKey = bucket.kmsKey(in: context) { grants.append(.init(actions: ["kms:Decrypt"], on: sourceKey)) }
        if let replicaKey {
            grants.append(.init(actions: ["kms:Encrypt", "kms:GenerateDataKey"], on: replicaKey.iamGrant))
        }
        let policy = PolicyDocument.allow(grants)
        context.emit(
            context.resource(
                roleAddress, region: primary,
                attributes: [
                    "name": .string(context.physicalName(for: roleAddress, maxLength: 64)),
                    "assume_role_policy": .string(PolicyDocument.trust(service: "s3.amazonaws.com")),
                ], options: bucket.options, at: settings.site))
        // The role's permissions as an aws_iam_role_policy, the provider's current form of an
        // inline policy (a role's inline_policy blocks are deprecated).
        let policyAddress = ResourceAddress(
            modulePath: path, type: "aws_iam_role_policy", name: bucket.name + "_replication")
        let rolePolicy: [String: AttributeValue] = [
            "name": "replication", "role": .reference(ResourceReference(roleAddress, "id")), "policy": .string(policy),
        ]
        context.emit(
            context.resource(
                policyAddress, region: primary, attributes: rolePolicy, options: bucket.options, at: settings.site,
                taggable: false))

        var destination: [String: AttributeValue] = ["bucket": .string(replicaARN)]
        if let replicaKey { destination["encryption_configuration"] = ["replica_kms_key_id": replicaKey.arn] }
        if let storageClass = settings.storageClass { destination["storage_class"] = .string(storageClass.rawValue) }
        let monitored = settings.monitored ?? context.environment.isProduction
        // S3 publishes OperationsFailedReplication and ReplicationLatency only for rules with metrics on.
        if monitored { destination["metrics"] = ["status": "Enabled"] }
        var options = bucket.options
        options.dependsOn += [
            ResourceAddress(modulePath: path, type: "aws_s3_bucket_versioning", name: bucket.name),
            ResourceAddress(modulePath: path, type: "aws_s3_bucket_versioning", name: bucket.name + "_replica"),
            policyAddress,
        ]
        // What S3 is sent and reports back: a rule for every object, delete markers not replicated.
        var rule: [String: AttributeValue] = [
            "id": "dr", "status": "Enabled", "priority": 1, "filter": [:],
            "delete_marker_replication": ["status": "Disabled"], "destination": .map(destination),
        ]
        if replicaKey != nil {
            rule["source_selection_criteria"] = ["sse_kms_encrypted_objects": ["status": "Enabled"]]
        }
        var replicationUsage: [String: Double] = [:]
        if let written = bucket.monthlyWriteTerabytes ?? bucket.storedTerabytes.map({ $0 / 12 }) {
            replicationUsage["replicated_tb_per_month"] = written
        }
        context.emit(
            context.resource(
                ResourceAddress(modulePath: path, type: "aws_s3_bucket_replication_configuration", name: bucket.name),
                region: primary,
                attributes: [
                    "bucket": bucket.bucketID,
                    "role": .reference(ResourceReference(roleAddress, "arn")),
                    "rule": [.map(rule)],
                ], options: options, at: settings.site, taggable: false, usage: replicationUsage))
        if monitored {
            expandReplicationAlarms(
                bucket, source: sourceName, replica: replicaName, region: primary, at: settings.site, context)
        }
    }

    /// Alarms on the rule's failed operations (any in 5 minutes) and latency (above an hour for
    /// 15 minutes), and a dashboard widget with both.
    private func expandReplicationAlarms(
        _ bucket: Bucket, source: String, replica: String, region: Region, at site: SourceLocation,
        _ context: SynthesisContext
    ) {
        let dimensions: AttributeValue = [
            "SourceBucket": .string(source), "DestinationBucket": .string(replica), "RuleId": "dr",
        ]
        let path = bucket.bucketAddress.modulePath
        context.afterBody {
            let topic = AlertTopic.arn(in: region, context: context, at: site)
            let alarms: [(String, String, [String: AttributeValue])] = [
                (
                    "failed",
                    "Bucket \(bucket.name): objects failed to replicate to the DR region in the last 5 minutes.",
                    [
                        "metric_name": "OperationsFailedReplication", "statistic": "Sum", "period": 300,
                        "evaluation_periods": 1, "comparison_operator": "GreaterThanThreshold", "threshold": 0,
                        "treat_missing_data": "notBreaching",
                    ]
                ),
                (
                    "latency",
                    "Bucket \(bucket.name): replication to the DR region more than an hour behind for 15 minutes.",
                    [
                        "metric_name": "ReplicationLatency", "statistic": "Maximum", "period": 300,
                        "evaluation_periods": 3, "comparison_operator": "GreaterThanThreshold", "threshold": 3600,
                        "treat_missing_data": "notBreaching",
                    ]
                ),
            ]
            for (kind, description, metric) in alarms {
                let address = ResourceAddress(
                    modulePath: path, type: "aws_cloudwatch_metric_alarm", name: bucket.name + "_replication_" + kind)
                var attributes = metric
                attributes["namespace"] = "AWS/S3"
                attributes["dimensions"] = dimensions
                attributes["alarm_name"] = .string(context.physicalName(for: address, maxLength: 255))
                attributes["alarm_description"] = .string(description)
                attributes["alarm_actions"] = [topic]
                attributes["ok_actions"] = [topic]
                context.emit(
                    context.resource(address, region: region, attributes: attributes, options: bucket.options, at: site)
                )
            }
            AlertTopic.addWidget(
                AlertTopic.widget(
                    title: "\(bucket.name): replication (failed operations, latency in s)", region: region,
                    metrics: [
                        [
                            "AWS/S3", "OperationsFailedReplication", "SourceBucket", source, "DestinationBucket",
                            replica, "RuleId", "dr",
                        ],
                        [
                            "AWS/S3", "ReplicationLatency", "SourceBucket", source, "DestinationBucket", replica,
                            "RuleId", "dr",
                        ],
                    ], stat: "Maximum"), context: context)
        }
    }

    private func expandPool(
        _ pool: GPUNodePool, _ network: Network, _ warmSize: Int, _ site: SourceLocation, _ context: SynthesisContext
    ) {
        // The pool stands by for a pool of this stack: that pool is part of it, once.
        pool.include(in: context)
        let primary = pool.network.resolvedRegion(in: context)
        let target = network.resolvedRegion(in: context)
        if target == primary {
            context.error(
                "standby for pool '\(pool.name)' uses network '\(network.name)' in \(target), the pool's own region",
                hint: "declare the standby network with .region(.drRegion)", at: site)
        }
        if warmSize < 0 || warmSize > pool.maxSize {
            context.error(
                "standby for pool '\(pool.name)': warm size \(warmSize) is outside 0…max (\(pool.maxSize))",
                hint: "choose a warm size between 0 and the pool's max", at: site)
        }
        var standby = GPUNodePool(pool.name + "_standby", network: network, site: pool.site)
        standby.instanceTypes = pool.instanceTypes
        standby.purchase = pool.purchase
        standby.imageID = pool.imageID
        standby.volumeGigabytes = pool.volumeGigabytes
        standby.labels = pool.labels.merging(["fleetform/role": "standby"]) { _, new in new }
        standby.readBuckets = pool.readBuckets
        standby.writeBuckets = pool.writeBuckets
        standby.pulledRegistries = pool.pulledRegistries
        standby.bootScript = pool.bootScript
        standby.options = pool.options
        standby.monitoringChoice = pool.monitoringChoice
        standby.minSize = 0
        standby.desiredSize = max(0, min(warmSize, pool.maxSize))
        standby.maxSize = pool.maxSize
        if case .spot(let base, let percentage, let allocation) = pool.purchase {
            standby.purchase = .spot(
                onDemandBase: min(base, standby.desiredSize), onDemandPercentageAboveBase: percentage,
                allocation: allocation)
        }
        standby.capacitySite = site
        standby.expand(in: context)
    }
}
