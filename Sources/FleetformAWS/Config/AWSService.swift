/// The AWS services Fleetform calls, with what the signer, the endpoint resolver and the wire
/// protocols need to know about each.
public enum AWSService: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ec2, autoScaling = "autoscaling", iam, sts, s3, eks, pricing, tagging
    case elbv2 = "elasticloadbalancing", fsx, ecr, efs = "elasticfilesystem", logs, kms, events
    /// CloudWatch (metrics and alarms): its signing name and host are `monitoring`.
    case monitoring
    /// Simple Notification Service: the stack's alert topic and its subscriptions.
    case sns
    /// Simple Queue Service (AWS query protocol): queues subscribed to alert topics.
    case sqs
    /// Certificate Manager: the certificates HTTPS listeners present.
    case acm

    /// The SigV4 signing name.
    public var signingName: String { rawValue }

    /// The service id as the SDKs spell it in `AWS_ENDPOINT_URL_<SERVICE>` (upper case, spaces as
    /// underscores): `EC2`, `AUTO_SCALING`, `IAM`, `STS`, `S3`, `EKS`, `PRICING`,
    /// `RESOURCE_GROUPS_TAGGING_API`, `ELASTIC_LOAD_BALANCING_V2`, `FSX`, `ECR`, `EFS`,
    /// `CLOUDWATCH_LOGS`, `KMS`, `EVENTBRIDGE`, `CLOUDWATCH`, `SNS`, `SQS`, `ACM`.
    public var endpointEnvironmentSuffix: String {
        switch self {
        case .autoScaling: return "AUTO_SCALING"
        case .tagging: return "RESOURCE_GROUPS_TAGGING_API"
        case .elbv2: return "ELASTIC_LOAD_BALANCING_V2"
        case .efs: return "EFS"
        case .logs: return "CLOUDWATCH_LOGS"
        case .events: return "EVENTBRIDGE"
        case .monitoring: return "CLOUDWATCH"
        default: return rawValue.uppercased()
        }
    }

    /// The wire protocol the service speaks.
    public var wireProtocol: WireProtocol {
        switch self {
        case .ec2: return .ec2Query
        case .autoScaling, .iam, .sts, .elbv2, .monitoring, .sns, .sqs: return .awsQuery
        case .s3: return .restXML
        case .eks, .efs: return .restJSON
        case .pricing, .tagging, .fsx, .ecr, .logs, .kms, .events, .acm: return .json11
        }
    }

    /// The API version sent with query-protocol requests.
    public var apiVersion: String {
        switch self {
        case .ec2: return "2016-11-15"
        case .autoScaling: return "2011-01-01"
        case .iam: return "2010-05-08"
        case .sts: return "2011-06-15"
        case .s3: return "2006-03-01"
        case .eks: return "2017-11-01"
        case .pricing: return "2017-10-15"
        case .tagging: return "2017-01-26"
        case .elbv2: return "2015-12-01"
        case .fsx: return "2018-03-01"
        case .ecr: return "2015-09-21"
        case .efs: return "2015-02-01"
        case .logs: return "2014-03-28"
        case .kms: return "2014-11-01"
        case .events: return "2015-10-07"
        case .monitoring: return "2010-08-01"
        case .sns: return "2010-03-31"
        case .sqs: return "2012-11-05"
        case .acm: return "2015-12-08"
        }
    }

    /// The `X-Amz-Target` prefix of a JSON 1.1 service (`<prefix>.<Action>`).
    public var jsonTargetPrefix: String? {
        switch self {
        case .pricing: return "AWSPriceListService"
        case .tagging: return "ResourceGroupsTaggingAPI_20170126"
        case .fsx: return "AWSSimbaAPIService_v20180301"
        case .ecr: return "AmazonEC2ContainerRegistry_V20150921"
        case .logs: return "Logs_20140328"
        case .kms: return "TrentService"
        case .events: return "AWSEvents"
        case .acm: return "CertificateManager"
        default: return nil
        }
    }

    /// Whether the service has one global endpoint (signed in `us-east-1`).
    public var isGlobal: Bool { self == .iam }

    public var description: String { rawValue }
}

/// The request/response encodings AWS services use.
public enum WireProtocol: String, Sendable {
    /// EC2's query protocol: form-encoded `Action` requests, lists as `Name.N`, XML responses.
    case ec2Query
    /// The AWS query protocol (Auto Scaling, IAM, STS, CloudWatch, SNS): lists as `Name.member.N`, XML responses.
    case awsQuery
    /// REST with XML bodies (S3).
    case restXML
    /// REST with JSON bodies (EKS, EFS).
    case restJSON
    /// JSON 1.1 with an `X-Amz-Target` header (Pricing, FSx, ECR, CloudWatch Logs, KMS, EventBridge,
    /// ACM).
    case json11
}
