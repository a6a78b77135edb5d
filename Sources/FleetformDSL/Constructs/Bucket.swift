/// An S3 bucket with versioning, encryption, lifecycle tiers and usage hints for cost.
///
/// ```swift
/// Bucket("datasets").versioned().usage(storedTerabytes: 120)
/// Bucket("checkpoints").versioned()
///     .lifecycle(.transition(after: .days(30), to: .glacierInstantRetrieval))
///     .replicated(to: .drRegion)
/// ```
/// The physical name is `<stack>-<env>-<name>-<hash>` (S3 names are global); `.physicalName`
/// overrides it.
public struct Bucket: ConfigurableConstruct {
    /// The construct's name: the `NAME` of `aws_s3_bucket.NAME` and part of the physical name.
    public let name: String
    /// Whether object versioning is on (`.versioned()`).
    public var isVersioned = false
    /// Server-side encryption (`.encrypted(…)`); nil is `.standard` without declaring it: the
    /// stack's key in production, S3's default (SSE-S3) elsewhere.
    public var encryption: Encryption?
    /// Lifecycle rules (`.lifecycle(…)`), in declaration order.
    public var rules: [LifecycleRule] = []
    /// Usage hint for cost: terabytes stored (`.usage(storedTerabytes:)`).
    public var storedTerabytes: Double?
    /// Usage hint for cost: requests a month.
    public var monthlyRequests: Double?
    /// Usage hint for cost: terabytes written a month (replication transfer is priced from it).
    public var monthlyWriteTerabytes: Double?
    /// Cross-region replication (`.replicated(to:)` or `DRReplica(of:in:)`).
    public var replica: ReplicaSettings?
    /// An explicit physical bucket name (`.physicalName(…)`).
    public var overrideName: String?
    /// Whether destroy empties the bucket first (`.forceDestroy()`).
    public var forceDestroy = false
    /// The bucket's region (`.region(…)`); the stack's primary region by default.
    public var region: RegionChoice = .primary
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    /// Server access logs into the stack's log bucket (on by default; `.accessLogging(false)`).
    public var accessLogging = true
    /// The four public-access switches on and ACLs off (on by default; `.allowPublicAccess()`).
    public var blocksPublicAccess = true
    /// Days after which an incomplete multipart upload is aborted (7 by default; nil keeps them).
    public var abortIncompleteUploadsAfterDays: Int? = 7
    /// The bucket's events go to EventBridge (on by default; `.eventNotifications(false)`).
    public var sendsEventsToEventBridge = true
    let site: DeclarationSite
    var nameSite: SourceLocation?

    /// Server-side encryption at rest.
    public enum Encryption: Hashable, Sendable {
        /// The stack's customer-managed key (`.stackKey`) in production, SSE-S3 elsewhere (the
        /// default).
        case standard
        /// SSE-S3: keys S3 manages (AES-256). In production this relaxes the default.
        case s3Managed
        /// SSE-KMS with the stack's customer-managed key in the bucket's region
        /// (`aws_kms_key.fleetform_data`, rotated yearly) and S3 Bucket Keys (few KMS requests).
        /// Pools that read or write the bucket, its replication and a Lustre file system linked to
        /// it are granted the key.
        case stackKey
        /// SSE-KMS with the given key (id, ARN, or `alias/NAME`); nil uses the account's `aws/s3` key.
        case kms(keyID: String?)
    }

    /// Where and how a bucket is replicated for disaster recovery.
    public struct ReplicaSettings: Hashable, Sendable {
        /// The replica's region (normally `.drRegion`).
        public var region: RegionChoice
        /// The storage class replicas are written in; nil keeps the source object's.
        public var storageClass: StorageClass?
        /// Whether replication is watched (metrics on, alarms on failures and latency); nil: in
        /// production only.
        public var monitored: Bool? = nil
        var site: SourceLocation
    }

    /// A bucket named `name` in the stack's primary region, unversioned and with S3's default
    /// encryption until modifiers say otherwise. `file` and `line` record where it was declared
    /// (for diagnostics); leave them out.
    public init(_ name: String, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.site = DeclarationSite(file: file, line: line)
    }

    /// Keeps every version of every object.
    public func versioned(_ on: Bool = true) -> Bucket {
        var copy = self
        copy.isVersioned = on
        return copy
    }

    /// Encrypts objects at rest: `.standard` (the stack's key in production, SSE-S3 elsewhere),
    /// `.s3Managed`, `.stackKey` or `.kms(keyID:)`.
    public func encrypted(_ encryption: Encryption = .standard) -> Bucket {
        var copy = self
        copy.encryption = encryption
        return copy
    }

    /// Adds lifecycle rules (tier transitions, expirations).
    public func lifecycle(_ rules: LifecycleRule...) -> Bucket {
        var copy = self
        copy.rules += rules
        return copy
    }

    /// Usage hints for cost estimates: data stored, requests per month, new data written per month
    /// (what replication transfers).
    public func usage(storedTerabytes: Double, monthlyRequests: Double? = nil, monthlyWriteTerabytes: Double? = nil)
        -> Bucket
    {
        var copy = self
        copy.storedTerabytes = storedTerabytes
        copy.monthlyRequests = monthlyRequests
        copy.monthlyWriteTerabytes = monthlyWriteTerabytes
        return copy
    }

    /// Replicates every object to a bucket in another region (a `DRReplica`); implies versioning
    /// on both sides, which S3 replication requires.
    public func replicated(
        to region: RegionChoice = .drRegion, storageClass: StorageClass? = nil, monitored: Bool? = nil,
        file: String = #filePath, line: Int = #line
    ) -> Bucket {
        var copy = self
        copy.replica = ReplicaSettings(
            region: region, storageClass: storageClass, monitored: monitored,
            site: SourceLocation(file: file, line: line))
        copy.isVersioned = true
        return copy
    }

    /// Uses this exact bucket name instead of the derived one.
    public func physicalName(_ name: String, file: String = #filePath, line: Int = #line) -> Bucket {
        var copy = self
        copy.overrideName = name
        copy.nameSite = SourceLocation(file: file, line: line)
        return copy
    }

    /// Lets destroy delete a bucket that still holds objects.
    public func forceDestroy(_ on: Bool = true) -> Bucket {
        var copy = self
        copy.forceDestroy = on
        return copy
    }

    /// Sends (or, with `false`, stops sending) server access logs to the stack's log bucket:
    /// `Bucket("scratch").accessLogging(false)`.
    public func accessLogging(_ on: Bool) -> Bucket {
        var copy = self
        copy.accessLogging = on
        return copy
    }

    /// Turns the public-access block off (for a bucket that serves the public through its own
    /// policy); ACLs stay off and TLS stays required: `Bucket("site").allowPublicAccess()`.
    public func allowPublicAccess(_ on: Bool = true) -> Bucket {
        var copy = self
        copy.blocksPublicAccess = !on
        return copy
    }

    /// Aborts incomplete multipart uploads after `days` (nil: keep them, and pay for their parts):
    /// `Bucket("uploads").abortIncompleteUploads(after: 1)`.
    public func abortIncompleteUploads(after days: Int?) -> Bucket {
        var copy = self
        copy.abortIncompleteUploadsAfterDays = days
        return copy
    }

    /// Sends (or, with `false`, stops sending) the bucket's events — objects created, deleted,
    /// restored, tagged — to EventBridge, where a rule can start retraining on new data:
    /// `Bucket("scratch").eventNotifications(false)`. S3 keeps one notification configuration per
    /// bucket: turn this off before giving a bucket notifications of your own (SNS, SQS, Lambda).
    public func eventNotifications(_ on: Bool) -> Bucket {
        var copy = self
        copy.sendsEventsToEventBridge = on
        return copy
    }

    /// Places the bucket in another region.
    public func region(_ choice: RegionChoice) -> Bucket {
        var copy = self
        copy.region = choice
        return copy
    }

    /// The address of the bucket's `aws_s3_bucket` resource.
    public var bucketAddress: ResourceAddress { site.address("aws_s3_bucket", name) }

    /// `aws_s3_bucket.NAME.id` (the bucket name).
    public var bucketID: AttributeValue { .reference(ResourceReference(bucketAddress, "id")) }

    /// The bucket's name as it will be created.
    public func resolvedName(in context: SynthesisContext) -> String {
        overrideName ?? context.globalBucketName(for: bucketAddress)
    }

    var identity: String { "bucket:\(site.modulePath):\(name)@\(site.location)" }

    /// Makes sure the bucket is part of the stack (it may only be passed to other constructs).
    public func include(in context: SynthesisContext) { expand(in: context) }

    /// What the bucket is encrypted with in `context`'s environment: `.standard` (or nothing
    /// declared) is the stack's key in production; outside production `.standard` is SSE-S3 and
    /// nothing declared stays nil (S3's default, also SSE-S3).
    func effectiveEncryption(in context: SynthesisContext) -> Encryption? {
        switch encryption {
        case nil, .standard?:
            if context.environment.isProduction { return .stackKey }
            return encryption == nil ? nil : .s3Managed
        case let declared?: return declared
        }
    }

    /// The stack's key the bucket is encrypted with (made on first use), or nil when it uses none.
    func stackKey(in context: SynthesisContext) -> StackKey? {
        guard effectiveEncryption(in: context) == .stackKey else { return nil }
        return StackKey.buckets(in: context.region(region, at: site.location), context: context, at: site.location)
    }

    /// What an IAM policy grants to use the KMS key the bucket is encrypted with: the key's ARN (a
    /// key id becomes a key ARN in the bucket's region, any account), or, for a key named by
    /// alias (the stack's key among them), any key of the region the alias points at (KMS
    /// authorizes a key's ARN, never its alias's). Nil for SSE-S3 and the AWS managed key.
    func kmsKey(in context: SynthesisContext) -> PolicyDocument.Grant.Target? {
        let region = context.region(region, at: site.location)
        switch effectiveEncryption(in: context) {
        case .stackKey?: return stackKey(in: context)?.iamGrant
        case .kms(let key?)? where key.hasPrefix("alias/"):
            return StackKey.grant(alias: key, in: region)
        case .kms(let key?)? where key.hasPrefix("arn:"): return .init(resources: [key])
        case .kms(let key?)?: return .init(resources: ["arn:aws:kms:\(region.code):*:key/\(key)"])
        default: return nil
        }
    }

    public func expand(in context: SynthesisContext) {
        guard context.firstExpansion(of: identity) else { return }
        let region = context.region(region, at: site.location)
        let bucketName = resolvedName(in: context)
        if let problem = BucketNameRule.problem(with: bucketName) {
            context.error(
                "bucket '\(name)': '\(bucketName)' is not a valid S3 bucket name: \(problem)",
                hint:
                    "S3 names are 3–63 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
                at: nameSite ?? site.location)
        }
        var usage: [String: Double] = [:]
        if let storedTerabytes { usage["stored_tb"] = storedTerabytes }
        if let monthlyRequests { usage["monthly_requests"] = monthlyRequests }
        emitBucket(named: bucketName, address: bucketAddress, region: region, usage: usage, context: context)
        if let replica {
            DRReplica(of: self, settings: replica).expand(in: context)
        }
    }

    /// Emits the bucket and its companions at `address`: versioning, encryption and lifecycle as
    /// declared, and the secure defaults (public-access block, ACLs off, a TLS-only `policy`,
    /// access logging into the stack's log bucket, events to EventBridge).
    func emitBucket(
        named bucketName: String, address: ResourceAddress, region: Region, usage: [String: Double],
        context: SynthesisContext, at declared: SourceLocation? = nil, policy: String? = nil
    ) {
        let location = declared ?? site.location
        context.emit(
            context.resource(
                address, region: region,
                attributes: [
                    "bucket": .string(bucketName), "force_destroy": .bool(forceDestroy),
                ], options: options, at: location, usage: usage))
        let bucketRef = AttributeValue.reference(ResourceReference(address, "id"))
        let companion = { (type: String) in
            ResourceAddress(modulePath: address.modulePath, type: type, name: address.name)
        }
        if isVersioned {
            context.emit(
                context.resource(
                    companion("aws_s3_bucket_versioning"), region: region,
                    attributes: [
                        "bucket": bucketRef, "versioning_configuration": ["status": "Enabled"],
                    ], options: options, at: location, taggable: false))
        }
        if let encryption = effectiveEncryption(in: context) {
            var rule: [String: AttributeValue] = [:]
            var encryptionOptions = options
            switch encryption {
            case .standard, .s3Managed: rule["apply_server_side_encryption_by_default"] = ["sse_algorithm": "AES256"]
            case .kms(let key):
                rule["apply_server_side_encryption_by_default"] = .map(
                    ["sse_algorithm": "aws:kms"].merging(key.map { ["kms_master_key_id": .string($0)] } ?? [:]) {
                        a, _ in a
                    })
            case .stackKey:
                let key = StackKey.buckets(in: region, context: context, at: location)
                rule["apply_server_side_encryption_by_default"] = [
                    "sse_algorithm": "aws:kms", "kms_master_key_id": key.arn,
                ]
                rule["bucket_key_enabled"] = true
                encryptionOptions.dependsOn += key.ready
            }
            context.emit(
                context.resource(
                    companion("aws_s3_bucket_server_side_encryption_configuration"), region: region,
                    attributes: ["bucket": bucketRef, "rule": [.map(rule)]], options: encryptionOptions, at: location,
                    taggable: false))
        }
        var lifecycleRules = rules.enumerated().map { $0.element.attribute(index: $0.offset) }
        if let days = abortIncompleteUploadsAfterDays {
            lifecycleRules.append([
                "id": "abort-incomplete-uploads", "status": "Enabled", "filter": [:],
                "abort_incomplete_multipart_upload": ["days_after_initiation": .number(Double(days))],
            ])
        }
        let secure = { (type: String, attributes: [String: AttributeValue], dependsOn: [ResourceAddress]) in
            var companionOptions = options
            companionOptions.dependsOn += dependsOn
            context.emit(
                context.resource(
                    companion(type), region: region,
                    attributes: attributes.merging(["bucket": bucketRef]) { a, _ in a },
                    options: companionOptions, at: location, taggable: false))
        }
        if blocksPublicAccess {
            secure(
                "aws_s3_bucket_public_access_block",
                [
                    "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
                    "restrict_public_buckets": true,
                ], [])
        }
        secure("aws_s3_bucket_ownership_controls", ["rule": ["object_ownership": "BucketOwnerEnforced"]], [])
        secure("aws_s3_bucket_policy", ["policy": .string(policy ?? PolicyDocument.bucket(bucketName))], [])
        if accessLogging {
            secure(
                "aws_s3_bucket_logging",
                [
                    "target_bucket": LogBucket.include(in: region, context: context),
                    "target_prefix": .string("access/\(bucketName)/"),
                ],
                // S3 accepts a logging target only once the target's policy lets the logging service write.
                [LogBucket.policyAddress(in: region, context: context)])
        }
        if sendsEventsToEventBridge {
            secure("aws_s3_bucket_notification", ["eventbridge": true], [])
        }
        if !lifecycleRules.isEmpty {
            context.emit(
                context.resource(
                    companion("aws_s3_bucket_lifecycle_configuration"), region: region,
                    attributes: [
                        "bucket": bucketRef, "rule": .list(lifecycleRules),
                    ], options: options, at: location, taggable: false))
            for rule in rules where rule.days < 0 {
                context.error(
                    "bucket '\(name)': a lifecycle rule has a negative age (\(rule.days) days)",
                    hint: "use .days(n) with n >= 0", at: location)
            }
        }
    }
}

/// The S3 bucket naming rules (general purpose buckets).
enum BucketNameRule {
    /// What is wrong with `name`, or nil when it is valid.
    static func problem(with name: String) -> String? {
        if name.count < 3 || name.count > 63 { return "it has \(name.count) characters" }
        if let bad = name.first(where: {
            !($0.isLowercase && $0.isASCII) && !($0.isNumber && $0.isASCII) && $0 != "-" && $0 != "."
        }) {
            return "it contains '\(bad)'"
        }
        if ![name.first, name.last].allSatisfy({ $0?.isLetter == true || $0?.isNumber == true }) {
            return "it must start and end with a letter or digit"
        }
        if name.contains("..") { return "it contains '..'" }
        if name.split(separator: ".").count == 4, name.split(separator: ".").allSatisfy({ Int($0) != nil }) {
            return "it looks like an IP address"
        }
        if name.hasPrefix("xn--") || name.hasPrefix("sthree-") { return "it starts with a reserved prefix" }
        if name.hasSuffix("-s3alias") || name.hasSuffix("--ol-s3") { return "it ends with a reserved suffix" }
        return nil
    }
}
