import FleetformModel

/// The S3 types. S3 is REST-XML with bodies shaped per sub-resource, so its handlers stay
/// hand-written (`S3BucketHandler`, `S3BucketConfigurationHandler` over `S3BucketConfiguration`);
/// the declarations hold what the rest of the provider needs: schema, identity, adoption.
extension ResourceDeclaration {
    /// `aws_s3_bucket`: the id is the bucket name; a create answered `BucketAlreadyOwnedByYou` is
    /// adopted when the bucket carries our address tag (or is untagged and empty: our own create
    /// whose answer was lost before it was tagged).
    static let s3Bucket = ResourceDeclaration(
        "aws_s3_bucket", service: .s3, identity: .named(["bucket"]),
        fields: [.arn("arn:aws:s3:::{id}")], read: .custom, tags: .s3Bucket,
        adoption: .init(alreadyExists: ["BucketAlreadyOwnedByYou"], lookup: .identity),
        forceNew: ["bucket"], computed: ["bucket_domain_name"],
        customHandler: { S3BucketHandler(context: $0) })

    static let s3Versioning = s3Configuration(.versioning)
    static let s3Encryption = s3Configuration(.encryption)
    static let s3Lifecycle = s3Configuration(.lifecycle)
    static let s3Replication = s3Configuration(.replication)
    static let s3PublicAccessBlock = s3Configuration(.publicAccessBlock)
    static let s3OwnershipControls = s3Configuration(.ownershipControls)
    static let s3Policy = s3Configuration(.policy)
    static let s3Logging = s3Configuration(.logging)
    static let s3Notification = s3Configuration(.notification)

    /// A bucket sub-configuration: the id is the bucket name; no tags of its own.
    private static func s3Configuration(_ configuration: S3BucketConfiguration) -> ResourceDeclaration {
        ResourceDeclaration(
            configuration.type, service: .s3, identity: .named(["bucket"]), read: .custom,
            adoption: .init(lookup: .identity), forceNew: ["bucket"],
            customHandler: { S3BucketConfigurationHandler(context: $0, configuration: configuration) })
    }
}

extension TagConvention {
    /// S3 buckets: PutBucketTagging replaces the whole set after create; GetBucketTagging reads it
    /// (both in `S3BucketHandler`).
    static let s3Bucket = TagConvention(inline: nil, add: nil, remove: nil, read: ("TagSet", .pairs()))
}
