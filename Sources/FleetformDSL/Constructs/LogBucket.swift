/// The stack's log bucket in a region: where its buckets' server access logs and its networks'
/// flow logs go. Made the first time something in that region logs, with the same secure
/// companions as every bucket except logging (a log bucket does not log into itself) and with
/// SSE-S3 encryption (S3 delivers access logs only to SSE-S3 buckets); logs expire after a year.
/// In production it is retained on destroy, with its settings (`Lifecycle.retainOnDestroy`).
///
/// `aws_s3_bucket.fleetform_logs` in the stack's region, `aws_s3_bucket.fleetform_logs_us_west_2`
/// in another.
enum LogBucket {
    /// How long logs are kept.
    static let retentionDays = 365

    /// The log bucket's address in `region`.
    static func address(in region: Region, context: SynthesisContext) -> ResourceAddress {
        ResourceAddress(type: "aws_s3_bucket", name: context.regionalName("fleetform_logs", in: region))
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
        // In production the logs outlive the stack: destroy keeps the bucket and its settings
        // (in the cloud and in the state) unless told to delete what is retained. Elsewhere they
        // go with it.
        var bucket = Bucket(address.name, file: "<fleetform>", line: 0).versioned().encrypted(.s3Managed)
            .lifecycle(.expire(after: .days(retentionDays))).forceDestroy()
        bucket.accessLogging = false
        bucket.options.lifecycle.retainOnDestroy = context.environment.isProduction
        let location = context.stackLocation
        bucket.emitBucket(
            named: name, address: address, region: region, usage: [:], context: context, at: location,
            policy: PolicyDocument.bucket(
                name,
                allow: [
                    ("logging.s3.amazonaws.com", ["s3:PutObject"], ["\(arn)/*"]),
                    ("delivery.logs.amazonaws.com", ["s3:PutObject"], ["\(arn)/AWSLogs/*"]),
                    ("delivery.logs.amazonaws.com", ["s3:GetBucketAcl"], [arn]),
                    (elbLogDelivery(in: region), ["s3:PutObject"], ["\(arn)/\(loadBalancerPrefix)/*"]),
                ]))
        return reference
    }

    /// Where load balancers write their access logs in the log bucket.
    static let loadBalancerPrefix = "elb"

    /// Who delivers load balancer access logs in `region`: Elastic Load Balancing's account in the
    /// regions opened before August 2022 (AWS publishes them), its log delivery service elsewhere.
    static func elbLogDelivery(in region: Region) -> String {
        let accounts = [
            "us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980",
            "us-west-2": "797873946194", "af-south-1": "098369216593", "ap-east-1": "754344448648",
            "ap-southeast-3": "589379963580", "ap-south-1": "718504428378", "ap-northeast-3": "383597477331",
            "ap-northeast-2": "600734575887", "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266",
            "ap-northeast-1": "582318560864", "ca-central-1": "985666609251", "eu-central-1": "054676820928",
            "eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-south-1": "635631232127",
            "eu-west-3": "009996457667", "eu-north-1": "897822967062", "me-south-1": "076674570225",
            "sa-east-1": "507241528517",
        ]
        return accounts[region.code].map { "arn:aws:iam::\($0):root" }
            ?? "logdelivery.elasticloadbalancing.amazonaws.com"
    }
}
