/// A container image registry (ECR repository): images scanned on push, tags immutable, and a
/// lifecycle policy that expires untagged images and keeps the newest ones. Pools pull from it
/// with `.pulls(registry)`.
///
/// ```swift
/// let models = Registry("models").keepImages(50).usage(storedGigabytes: 200)
/// GPUNodePool("servers", network: net).pulls(models)
/// ```
public struct Registry: ConfigurableConstruct {
    /// The construct's name: the `NAME` of its resources' addresses and part of the repository name.
    public let name: String
    /// Images kept (older ones expire).
    public var imagesKept = 30
    /// Days an untagged image is kept.
    public var untaggedDays = 7
    /// Usage hint for cost: gigabytes of images stored (`.usage(storedGigabytes:)`).
    public var storedGigabytes: Double?
    /// Whether destroy deletes the repository with its images (`.forceDelete()`).
    public var forceDelete = false
    /// How images are encrypted at rest (`.encryption(_:)`); KMS by default.
    public var encryption = RegistryEncryption.kms
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    let site: DeclarationSite

    /// A registry named `name`: 30 images kept, untagged ones expire after 7 days. `file` and `line`
    /// record where it was declared (for diagnostics); leave them out.
    public init(_ name: String, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.site = DeclarationSite(file: file, line: line)
    }

    /// How images are encrypted at rest: `.kms` (the default: the account's `aws/ecr` key, or
    /// `.kms(key:)` a key of yours) or `.aes256` (keys ECR manages: what a repository made by an
    /// earlier Fleetform has; declaring it keeps such a repository instead of replacing it).
    public func encryption(_ encryption: RegistryEncryption) -> Registry {
        var copy = self
        copy.encryption = encryption
        return copy
    }

    /// Keeps the newest `count` images; untagged images expire after `untaggedDays`:
    /// `Registry("models").keepImages(50, untaggedDays: 3)`.
    public func keepImages(_ count: Int, untaggedDays: Int = 7) -> Registry {
        var copy = self
        copy.imagesKept = count
        copy.untaggedDays = untaggedDays
        return copy
    }

    /// Usage hint for cost: gigabytes of images stored.
    public func usage(storedGigabytes: Double) -> Registry {
        var copy = self
        copy.storedGigabytes = storedGigabytes
        return copy
    }

    /// Lets destroy delete the repository with its images.
    public func forceDelete(_ on: Bool = true) -> Registry {
        var copy = self
        copy.forceDelete = on
        return copy
    }

    /// The repository's address.
    public var repositoryAddress: ResourceAddress { site.address("aws_ecr_repository", name) }
    /// The lifecycle policy's address.
    public var lifecyclePolicyAddress: ResourceAddress { site.address("aws_ecr_lifecycle_policy", name) }

    var identity: String { "registry:\(site.modulePath):\(name)@\(site.location)" }

    /// The repository's name: `<stack>-<env>-<name>`, lower case (ECR's rule).
    public func repositoryName(in context: SynthesisContext) -> String {
        context.physicalName(for: repositoryAddress, maxLength: 256).lowercased()
    }

    /// The repository's ARN in `region`, any account (for the pulling pools' policies).
    func repositoryARN(region: Region, in context: SynthesisContext) -> String {
        "arn:aws:ecr:\(region.code):*:repository/\(repositoryName(in: context))"
    }

    /// Makes sure the registry is part of the stack (it may only be passed to pools).
    public func include(in context: SynthesisContext) { expand(in: context) }

    public func expand(in context: SynthesisContext) {
        guard context.firstExpansion(of: identity) else { return }
        let region = context.primaryRegion
        let location = site.location
        if imagesKept < 1 || untaggedDays < 1 {
            context.error(
                "registry '\(name)': keeps \(imagesKept) images and untagged ones \(untaggedDays) days; both must be 1 or more",
                hint: "use .keepImages(30, untaggedDays: 7)", at: location)
        }
        var usage: [String: Double] = [:]
        if let storedGigabytes { usage["stored_gb"] = storedGigabytes }
        var repository: [String: AttributeValue] = [
            "name": .string(repositoryName(in: context)),
            "image_tag_mutability": "IMMUTABLE",
            "image_scanning_configuration": [["scan_on_push": true]],
            "encryption_configuration": [encryption.attribute],
        ]
        if forceDelete { repository["force_delete"] = true }
        context.emit(
            context.resource(
                repositoryAddress, region: region, attributes: repository, options: options, at: location, usage: usage)
        )
        let policy =
            #"{"rules":[{"rulePriority":1,"description":"expire untagged images","selection":{"tagStatus":"untagged","#
            + #""countType":"sinceImagePushed","countUnit":"days","countNumber":\#(untaggedDays)},"action":{"type":"expire"}},"#
            + #"{"rulePriority":2,"description":"keep the newest images","selection":{"tagStatus":"any","#
            + #""countType":"imageCountMoreThan","countNumber":\#(imagesKept)},"action":{"type":"expire"}}]}"#
        context.emit(
            context.resource(
                lifecyclePolicyAddress, region: region,
                attributes: [
                    "repository": .reference(ResourceReference(repositoryAddress, "name")), "policy": .string(policy),
                ], options: options, at: location, taggable: false))
    }
}

/// How a registry's images are encrypted at rest. Changing it replaces the repository (ECR sets
/// encryption only when a repository is made).
public enum RegistryEncryption: Hashable, Sendable {
    /// KMS with the account's AWS-managed `aws/ecr` key.
    public static let kms = RegistryEncryption.kmsKey(nil)
    /// KMS with the key `key` (an ARN), or the AWS-managed key when nil.
    case kmsKey(String?)
    /// AES-256 with keys ECR manages (no KMS).
    case aes256

    /// KMS with the key `key` (an ARN).
    public static func kms(key: String) -> RegistryEncryption { .kmsKey(key) }

    var attribute: AttributeValue {
        switch self {
        case .aes256: return ["encryption_type": "AES256"]
        // The key is the service's choice (null: not set), which the repository then reports.
        case .kmsKey(nil): return ["encryption_type": "KMS", "kms_key": .null]
        case .kmsKey(let key?): return ["encryption_type": "KMS", "kms_key": .string(key)]
        }
    }
}
