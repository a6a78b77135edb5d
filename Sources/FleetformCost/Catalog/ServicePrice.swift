/// A non-instance price the catalog knows: S3 storage by class, S3 requests, S3 transfer to other
/// regions, EBS gp3 storage, the EKS control plane, NAT gateways, public IPv4 addresses, interface
/// endpoints, FSx for Lustre storage, EFS storage, ECR storage, Application Load Balancers,
/// CloudWatch alarms and dashboards, and KMS keys.
public enum ServicePrice: Hashable, Sendable {
    /// S3 storage per GB-month for a storage class (`STANDARD`, `GLACIER_IR`, …).
    case s3Storage(S3StorageClass)
    /// S3 requests per 1,000 (`GET` or `PUT`).
    case s3Requests(S3RequestKind)
    /// Data transferred from S3 in this region to another region, per GB.
    case s3InterRegionTransfer
    /// EBS gp3 volume storage per GB-month.
    case ebsGP3Storage
    /// An EKS cluster's control plane per hour.
    case eksControlPlane
    /// A NAT gateway per hour.
    case natGatewayHour
    /// Data a NAT gateway processes, per GB.
    case natGatewayProcessed
    /// A public IPv4 address (an Elastic IP) per hour.
    case publicIPv4Hour
    /// An interface VPC endpoint per availability zone and hour.
    case interfaceEndpointHour
    /// FSx for Lustre SSD storage per GB-month, by deployment type (`SCRATCH_2`, `PERSISTENT_1-50`, …).
    case fsxLustreStorage(String)
    /// ECR private repository storage per GB-month.
    case ecrStorage
    /// EFS Standard storage per GB-month.
    case efsStorage
    /// An Application Load Balancer per hour.
    case albHour
    /// An Application Load Balancer capacity unit per hour.
    case albCapacityUnitHour
    /// A standard-resolution CloudWatch alarm, per metric it evaluates and month.
    case cloudWatchAlarmMetric
    /// A CloudWatch dashboard per month (beyond the account's free ones).
    case cloudWatchDashboard
    /// A customer-managed KMS key per month.
    case kmsKey
    /// A GB of vended logs (VPC flow logs) delivered to S3, first tier.
    case vendedLogsToS3

    /// The `service` and `variant` fields of the catalog file.
    var fileKey: (service: String, variant: String) {
        switch self {
        case .s3Storage(let storageClass): return ("s3-storage", storageClass.rawValue)
        case .s3Requests(let kind): return ("s3-requests", kind.rawValue)
        case .s3InterRegionTransfer: return ("s3-inter-region-transfer", "out")
        case .ebsGP3Storage: return ("ebs-storage", "gp3")
        case .eksControlPlane: return ("eks-control-plane", "standard")
        case .natGatewayHour: return ("nat-gateway", "hour")
        case .natGatewayProcessed: return ("nat-gateway", "processed")
        case .publicIPv4Hour: return ("public-ipv4", "hour")
        case .interfaceEndpointHour: return ("vpc-interface-endpoint", "az-hour")
        case .fsxLustreStorage(let deployment): return ("fsx-lustre", deployment)
        case .ecrStorage: return ("ecr-storage", "private")
        case .efsStorage: return ("efs-storage", "standard")
        case .albHour: return ("alb", "hour")
        case .albCapacityUnitHour: return ("alb", "lcu-hour")
        case .cloudWatchAlarmMetric: return ("cloudwatch-alarm", "standard-metric")
        case .cloudWatchDashboard: return ("cloudwatch-dashboard", "month")
        case .kmsKey: return ("kms-key", "month")
        case .vendedLogsToS3: return ("vended-logs", "s3-delivery")
        }
    }
}

/// S3 storage classes, by their API names.
public enum S3StorageClass: String, Hashable, Sendable, CaseIterable, Comparable {
    case standard = "STANDARD"
    case standardIA = "STANDARD_IA"
    case intelligentTiering = "INTELLIGENT_TIERING"
    case glacierIR = "GLACIER_IR"
    case glacier = "GLACIER"
    case deepArchive = "DEEP_ARCHIVE"

    /// The usage hint key for terabytes stored in this class (`stored_tb_glacier_ir`).
    public var usageKey: String { "stored_tb_" + rawValue.lowercased() }

    public static func < (lhs: S3StorageClass, rhs: S3StorageClass) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// S3 request classes with distinct prices.
public enum S3RequestKind: String, Hashable, Sendable {
    /// GET, SELECT and all other reads.
    case get = "GET"
    /// PUT, COPY, POST, LIST.
    case put = "PUT"
}

/// The key of a service price in the index: service, variant and region (`*` for every region).
struct ServicePriceKey: Hashable, Sendable {
    var service: String
    var variant: String
    var region: String
}
