extension AWSError {
    /// Codes with which a create says the thing is already there (a resend after a lost answer,
    /// an interrupted run, or a name someone else holds): whoever gets one looks the resource up
    /// by its ownership tags before deciding.
    public var isAlreadyExists: Bool {
        kind == .service
            && (code.hasSuffix(".Duplicate") || code.hasSuffix("AlreadyExists")
                || code.hasSuffix("AlreadyExistsException")
                || [
                    "BucketAlreadyOwnedByYou", "BucketAlreadyExists", "EntityAlreadyExists", "ResourceInUseException",
                    "ResourceAlreadyExistsException", "RepositoryAlreadyExistsException", "DuplicateTargetGroupName",
                    "DuplicateLoadBalancerName",
                ].contains(code))
    }
}
