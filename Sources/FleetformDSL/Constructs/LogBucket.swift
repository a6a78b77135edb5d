/// The stack's log bucket in a region: where its buckets' server access logs and its networks'
/// flow logs go. Made the first time something in that region logs, with the same secure
/// companions as every bucket except logging (a log bucket does not log into itself) and with
/// SSE-S3 encryption (S3 delivers access logs only to SSE-S3 buckets); logs expire after a year.
///
/// `aws_s3_bucket.fleetform_logs` in the stack's region, `aws_s3_bucket.fleetform_logs_us_west_2`
/// in another.
enum LogBucket {
    /// How long logs are kept.
    static let retentionDays = 365

    /// The log bucket's address in `region`.
    static func address(in region: Region, context: SynthesisContext) -> ResourceAddress {
        let name = region == context.primaryRegion ? "fleetform_logs" : "fleetform_logs_" + region.code
        return ResourceAddress(type: "aws_s3_bucket", name: name.replacingOccurrences(of: "-", with: "_"))
    }

    /// The log bucket's policy (what lets the logging services write), which log producers wait for.
    static func policyAddress(in region: Region, context: SynthesisContext) -> ResourceAddress {
        ResourceAddress(type: "aws_s3_bucket_policy", name: address(in: region, context: context).name)
    }

    /// Makes sure the log bucket in `region` is part of the stack; returns a reference to its
    /// `attribute` (`id`: the name; `arn`).
    static func include(in region: Region, context: SynthesisContext, _ attribute: String = "id") -> AttributeValue {
        let address = address(in: region, context: context)
        let reference = AttributeValue.reference(ResourceReference(address, attribute))
        guard context.firstExpansion(of: "log-bucket:\(region.code)") else { return reference }
        let name = context.globalBucketName(for: address)
        let arn = "arn:aws:s3:::\(name)"
        // Destroying the stack deletes its logs with it (copy them out first where audits need them).
        var bucket = Bucket(address.name, file: "<fleetform>", line: 0).versioned().encrypted(.s3Managed)
            .lifecycle(.expire(after: .days(retentionDays))).forceDestroy()
        bucket.accessLogging = false
        let location = context.stackLocation
        bucket.emitBucket(
            named: name, address: address, region: region, usage: [:], context: context, at: location,
            policy: PolicyDocument.bucket(
                name,
                allow: [
                    ("logging.s3.amazonaws.com", ["s3:PutObject"], ["\(arn)/*"]),
                    ("delivery.logs.amazonaws.com", ["s3:PutObject"], ["\(arn)/AWSLogs/*"]),
                    ("delivery.logs.amazonaws.com", ["s3:GetBucketAcl"], [arn]),
                ]))
        return reference
    }
}
