import FleetformModel

/// The resource types the AWS provider manages: one declaration each, in one list. The
/// provider's handlers, the planner's schemas and the set of types `validate` accepts all come
/// from here, so a type is managed exactly when it is declared.
///
/// ```swift
/// AWSResourceCatalog.managedTypes   // ["aws_autoscaling_group", …, "aws_vpc"]
/// ```
public enum AWSResourceCatalog {
    /// Every declaration.
    static let declarations: [ResourceDeclaration] = [
        .vpc, .subnet, .securityGroup, .launchTemplate, .ec2Fleet,
        .internetGateway, .elasticIP, .natGateway, .routeTable, .route, .routeTableAssociation, .vpcEndpoint,
        .autoScalingGroup, .autoScalingSchedule, .autoScalingAttachment,
        .s3Bucket, .s3Versioning, .s3Encryption, .s3Lifecycle, .s3Replication,
        .s3PublicAccessBlock, .s3OwnershipControls, .s3Policy, .s3Logging,
        .s3Notification,
        .defaultSecurityGroup, .flowLog,
        .kmsKey, .kmsKeyPolicy, .kmsAlias, .snsTopic, .snsSubscription, .snsTopicPolicy, .metricAlarm, .dashboard,
        .eventRule, .eventTarget,
        .iamRole, .iamRolePolicy, .iamPolicy, .rolePolicyAttachment, .instanceProfile,
        .eksCluster, .eksNodeGroup,
        .fsxLustre, .efsFileSystem, .efsMountTarget,
        .ecrRepository, .ecrLifecyclePolicy,
        .loadBalancer, .targetGroup, .listener,
    ]

    /// Declarations by type.
    static let byType: [String: ResourceDeclaration] = Dictionary(
        uniqueKeysWithValues: declarations.map { ($0.type, $0) })

    /// The types the provider manages, sorted.
    public static var managedTypes: [String] { byType.keys.sorted() }

    /// The id Fleetform uses for a resource of `type` that a Terraform state records with
    /// `terraformAttributes` (nil when the type is not managed or the attributes lack its names).
    ///
    /// ```swift
    /// AWSResourceCatalog.cloudID(type: "aws_autoscaling_schedule",
    ///     terraformAttributes: ["id": "up", "autoscaling_group_name": "g", "scheduled_action_name": "up"])  // "g/up"
    /// ```
    public static func cloudID(type: String, terraformAttributes: [String: AttributeValue]) -> String? {
        byType[type]?.cloudID(terraformAttributes: terraformAttributes)
    }

    /// The id Terraform's provider uses for a resource of Fleetform's state (most are the same).
    public static func terraformID(of resource: ResourceState) -> String {
        byType[resource.type]?.terraformID(of: resource) ?? resource.id
    }

    /// What `validate` and `plan` check a manifest against: a type outside this list, or an
    /// attribute the hashicorp/aws provider's schema does not accept, is an error at the line that
    /// declared it.
    public static var coverage: ProviderCoverage {
        ProviderCoverage(provider: "AWS", managedTypes: Set(byType.keys), schema: AWSProviderSchema.schema)
    }
}
