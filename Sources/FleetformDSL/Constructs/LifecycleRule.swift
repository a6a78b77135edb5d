/// An S3 storage class a lifecycle rule can move objects to.
public enum StorageClass: String, Hashable, Sendable {
    /// S3 Standard.
    case standard = "STANDARD"
    /// S3 Standard-Infrequent Access (30-day minimum, retrieval fee).
    case standardInfrequentAccess = "STANDARD_IA"
    /// S3 One Zone-Infrequent Access (one zone only).
    case oneZoneInfrequentAccess = "ONEZONE_IA"
    /// S3 Intelligent-Tiering (moves objects between tiers by access, monitoring fee per object).
    case intelligentTiering = "INTELLIGENT_TIERING"
    /// S3 Glacier Instant Retrieval (90-day minimum, millisecond reads).
    case glacierInstantRetrieval = "GLACIER_IR"
    /// S3 Glacier Flexible Retrieval (minutes to hours to read).
    case glacierFlexibleRetrieval = "GLACIER"
    /// S3 Glacier Deep Archive (180-day minimum, hours to read).
    case deepArchive = "DEEP_ARCHIVE"
}

/// An age, in days.
public struct Age: Hashable, Sendable {
    /// The number of days.
    public let days: Int
    /// `n` days: `.expire(after: .days(30))`.
    public static func days(_ n: Int) -> Age { Age(days: n) }
}

/// One bucket lifecycle rule.
///
/// ```swift
/// .lifecycle(.transition(after: .days(30), to: .glacierInstantRetrieval), .expire(after: .days(365)))
/// ```
public struct LifecycleRule: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case transition(StorageClass)
        case expire
        case expireNoncurrent
    }

    let kind: Kind
    let days: Int

    /// Moves objects to `storageClass` once they are `after` old.
    public static func transition(after: Age, to storageClass: StorageClass) -> LifecycleRule {
        LifecycleRule(kind: .transition(storageClass), days: after.days)
    }

    /// Deletes objects once they are `after` old.
    public static func expire(after: Age) -> LifecycleRule { LifecycleRule(kind: .expire, days: after.days) }

    /// Deletes non-current versions once they have been non-current for `after`.
    public static func expireNoncurrentVersions(after: Age) -> LifecycleRule {
        LifecycleRule(kind: .expireNoncurrent, days: after.days)
    }

    func attribute(index: Int) -> AttributeValue {
        // An empty filter: the rule applies to every object (the provider warns about a rule
        // with neither filter nor prefix, and will refuse one).
        var rule: [String: AttributeValue] = ["status": "Enabled", "filter": [:]]
        switch kind {
        case .transition(let storageClass):
            rule["id"] = .string("transition-\(storageClass.rawValue.lowercased())-\(days)d")
            rule["transition"] = [["days": .number(Double(days)), "storage_class": .string(storageClass.rawValue)]]
        case .expire:
            rule["id"] = .string("expire-\(days)d")
            rule["expiration"] = ["days": .number(Double(days))]
        case .expireNoncurrent:
            rule["id"] = .string("expire-noncurrent-\(days)d")
            rule["noncurrent_version_expiration"] = ["noncurrent_days": .number(Double(days))]
        }
        return .map(rule)
    }
}
