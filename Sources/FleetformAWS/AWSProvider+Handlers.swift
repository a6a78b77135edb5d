extension AWSProvider {
    /// Every handler, one per supported type.
    static func handlers(_ context: HandlerContext) -> [any ResourceHandler] {
        [
            VPCHandler(context: context),
            SubnetHandler(context: context),
            SecurityGroupHandler(context: context),
            LaunchTemplateHandler(context: context),
            EC2FleetHandler(context: context),
            AutoScalingGroupHandler(context: context),
            AutoScalingScheduleHandler(context: context),
            S3BucketHandler(context: context),
            S3BucketConfigurationHandler(context: context, configuration: .versioning),
            S3BucketConfigurationHandler(context: context, configuration: .encryption),
            S3BucketConfigurationHandler(context: context, configuration: .lifecycle),
            S3BucketConfigurationHandler(context: context, configuration: .replication),
            IAMRoleHandler(context: context),
            EKSClusterHandler(context: context),
            EKSNodeGroupHandler(context: context),
        ]
    }
}
