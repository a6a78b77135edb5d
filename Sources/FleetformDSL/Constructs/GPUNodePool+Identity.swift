import Foundation

/// What a pool's nodes run at boot: a script or cloud-init document, inline or from a file read
/// at synthesis (relative to the stack package's root).
///
/// ```swift
/// GPUNodePool("batch", network: net).userData(.file("plans/nodes/batch.sh"))
/// GPUNodePool("batch", network: net).userData(.script("#!/bin/bash\nnvidia-smi"))
/// ```
public enum UserData: Hashable, Sendable {
    /// The script or cloud-init document itself.
    case script(String)
    /// A file read at synthesis, relative to the stack package's root; a missing file is an error at the declaration.
    case file(String)
    /// Nothing at boot (also removes user data a pool had).
    case none
}

extension GPUNodePool {
    /// Lets the nodes read these buckets (list, get): the policy names exactly their ARNs, and
    /// their KMS keys when they are encrypted with one.
    ///
    /// ```swift
    /// GPUNodePool("trainers", network: net).reads(datasets).writes(checkpoints)
    /// ```
    public func reads(_ buckets: Bucket...) -> GPUNodePool { reads(buckets) }

    /// Lets the nodes write these buckets (list, put, multipart uploads).
    public func writes(_ buckets: Bucket...) -> GPUNodePool { writes(buckets) }

    /// `reads` with an array (for modules that take the buckets as a parameter).
    public func reads(_ buckets: [Bucket]) -> GPUNodePool {
        var copy = self
        copy.readBuckets += buckets
        return copy
    }

    /// `writes` with an array (for modules that take the buckets as a parameter).
    public func writes(_ buckets: [Bucket]) -> GPUNodePool {
        var copy = self
        copy.writeBuckets += buckets
        return copy
    }

    /// Lets the nodes pull images from these registries: `.pulls(Registry("models"))`.
    public func pulls(_ registries: Registry...) -> GPUNodePool {
        var copy = self
        copy.pulledRegistries += registries
        return copy
    }

    /// Mounts these file systems at boot (`/mnt/<name>`); in a cluster, the CSI driver mounts them
    /// and the pool gets the permissions and network access: `.mounts(scratch)`.
    public func mounts(_ fileSystems: FileSystem...) -> GPUNodePool {
        var copy = self
        copy.mountedFileSystems += fileSystems
        return copy
    }

    /// What the nodes run at boot (pools without a cluster); the plan shows it by hash and size:
    /// `.userData(.file("plans/nodes/train.sh"))`.
    public func userData(_ userData: UserData, file: String = #filePath, line: Int = #line) -> GPUNodePool {
        var copy = self
        copy.bootScript = userData
        copy.userDataSite = SourceLocation(file: file, line: line)
        return copy
    }

    /// The nodes' IAM role's address.
    public var roleAddress: ResourceAddress { site.address("aws_iam_role", name) }
    /// The instance profile's address (pools without a cluster).
    public var instanceProfileAddress: ResourceAddress { site.address("aws_iam_instance_profile", name) }
    /// The address of the pool's own policy (buckets, registries, file systems).
    public var policyAddress: ResourceAddress { site.address("aws_iam_policy", name) }

    /// AWS managed policies every node gets, by attachment key: SSM Session Manager (no SSH) and the
    /// CloudWatch agent; cluster nodes also the EKS worker, CNI and ECR read-only policies.
    var managedPolicies: [(key: String, arn: String)] {
        var policies = [
            ("ssm", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"),
            ("cloudwatch", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"),
        ]
        if cluster != nil {
            policies += [
                ("eks_worker", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
                ("eks_cni", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"),
                ("ecr", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"),
            ]
        }
        return policies
    }

    /// The role's policy attachments' addresses.
    func attachmentAddresses(in context: SynthesisContext) -> [ResourceAddress] {
        var keys = managedPolicies.map(\.key)
        if policyDocument(in: context) != nil { keys.append("access") }
        return keys.map { site.address("aws_iam_role_policy_attachment", name, key: $0) }
    }

    /// The pool's own policy: exactly the declared buckets (and their KMS keys), registries and
    /// file systems; nil when it declares none.
    func policyDocument(in context: SynthesisContext) -> String? {
        var statements: [PolicyDocument.Grant] = []
        func allow(_ actions: [String], _ resources: [String]) {
            statements.append(PolicyDocument.Grant(actions: actions, on: .init(resources: resources)))
        }
        let region = network.resolvedRegion(in: context)
        func arns(_ buckets: [Bucket]) -> (buckets: [String], objects: [String]) {
            let names = uniqueNames(buckets, in: context)
            return (names.map { "arn:aws:s3:::\($0)" }, names.map { "arn:aws:s3:::\($0)/*" })
        }
        if !readBuckets.isEmpty {
            let (buckets, objects) = arns(readBuckets)
            allow(["s3:GetBucketLocation", "s3:ListBucket"], buckets)
            allow(["s3:GetObject", "s3:GetObjectVersion"], objects)
        }
        if !writeBuckets.isEmpty {
            let (buckets, objects) = arns(writeBuckets)
            allow(["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], buckets)
            allow(["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:PutObject"], objects)
        }
        let readKeys = Set(readBuckets.compactMap { $0.kmsKey(in: context) })
        let writeKeys = Set(writeBuckets.compactMap { $0.kmsKey(in: context) })
        statements += Self.keyGrants(["kms:Decrypt"], readKeys.union(writeKeys))
        statements += Self.keyGrants(["kms:GenerateDataKey"], writeKeys)
        if !pulledRegistries.isEmpty && cluster == nil {
            allow(["ecr:GetAuthorizationToken"], ["*"])
            let repositories = Set(pulledRegistries.map { $0.repositoryARN(region: region, in: context) }).sorted()
            allow(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], repositories)
        }
        // Nodes find their file systems at boot by ownership tags; these Describe calls take no resource.
        var describe: Set<String> = []
        for fileSystem in mountedFileSystems {
            switch fileSystem.kind {
            case .lustre: describe.insert("fsx:DescribeFileSystems")
            case .efs: describe.insert("elasticfilesystem:DescribeFileSystems")
            }
        }
        if !describe.isEmpty { allow(describe.sorted(), ["*"]) }
        return statements.isEmpty ? nil : PolicyDocument.allow(statements)
    }

    /// `actions` on `keys`: one statement for the keys named by ARN, one per key named through
    /// its alias (its own condition).
    private static func keyGrants(_ actions: [String], _ keys: Set<PolicyDocument.Grant.Target>)
        -> [PolicyDocument.Grant]
    {
        let byARN = keys.filter { $0.condition == nil }.flatMap(\.resources).sorted()
        let byAlias = keys.filter { $0.condition != nil }.sorted {
            JSONWriter.string($0.condition ?? .null) < JSONWriter.string($1.condition ?? .null)
        }
        return (byARN.isEmpty ? [] : [PolicyDocument.Grant(actions: actions, on: .init(resources: byARN))])
            + byAlias.map { PolicyDocument.Grant(actions: actions, on: $0) }
    }

    private func uniqueNames(_ buckets: [Bucket], in context: SynthesisContext) -> [String] {
        var seen: Set<String> = []
        return buckets.map { $0.resolvedName(in: context) }.filter { seen.insert($0).inserted }
    }

    /// The role, its policy and attachments, and (pools without a cluster) the instance profile.
    /// The buckets, registries and file systems the pool names become part of the stack.
    func expandIdentity(in context: SynthesisContext, region: Region) {
        let location = site.location
        for bucket in readBuckets + writeBuckets { bucket.include(in: context) }
        for registry in pulledRegistries { registry.include(in: context) }
        for fileSystem in mountedFileSystems { fileSystem.include(in: context, network: network) }
        context.emit(
            context.resource(
                roleAddress, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: roleAddress, maxLength: 64)),
                    "assume_role_policy": .string(PolicyDocument.trust(service: "ec2.amazonaws.com")),
                    "description": .string("Fleetform nodes of pool \(name)"),
                ], options: options, at: location))
        let role = AttributeValue.reference(ResourceReference(roleAddress, "name"))
        var attachments = managedPolicies.map { (key: $0.key, arn: AttributeValue.string($0.arn)) }
        if let document = policyDocument(in: context) {
            context.emit(
                context.resource(
                    policyAddress, region: region,
                    attributes: [
                        "name": .string(context.physicalName(for: policyAddress, maxLength: 128)),
                        "description": .string("What pool \(name) reads, writes, pulls and mounts"),
                        "policy": .string(document),
                    ], options: options, at: location))
            attachments.append((key: "access", arn: .reference(ResourceReference(policyAddress, "arn"))))
        }
        for attachment in attachments {
            context.emit(
                context.resource(
                    site.address("aws_iam_role_policy_attachment", name, key: attachment.key), region: region,
                    attributes: ["role": role, "policy_arn": attachment.arn], options: options, at: location,
                    taggable: false))
        }
        if cluster == nil {
            context.emit(
                context.resource(
                    instanceProfileAddress, region: region,
                    attributes: [
                        "name": .string(context.physicalName(for: instanceProfileAddress, maxLength: 128)),
                        "role": role,
                    ], options: options, at: location))
        }
    }

    /// The launch template's `user_data` (base64): the mounts, then the declared script (as a
    /// MIME multipart document when both are there); nil when there is nothing to run.
    func userData(in context: SynthesisContext) -> String? {
        var parts: [(type: String, body: String)] = []
        if !mountedFileSystems.isEmpty {
            let region = network.resolvedRegion(in: context)
            parts.append(
                ("text/x-shellscript", FileSystem.mountScript(mountedFileSystems, region: region, in: context)))
        }
        switch bootScript {
        case .script(let text): parts.append((Self.contentType(of: text), text))
        case .file(let path):
            let resolved = context.environment.resolve(path)
            guard let data = FileManager.default.contents(atPath: resolved) else {
                context.error(
                    "pool '\(name)': cannot read user data file '\(path)' (looked at \(resolved))",
                    hint: "check the path; it is relative to the stack package's root",
                    at: userDataSite ?? site.location)
                return nil
            }
            let text = String(decoding: data, as: UTF8.self)
            parts.append((Self.contentType(of: text), text))
        case UserData.none?, nil: break
        }
        guard !parts.isEmpty else { return nil }
        let document: String
        if parts.count == 1 {
            document = parts[0].body
        } else {
            let boundary = "==FLEETFORM-" + shortHash(parts.map(\.body).joined()) + "=="
            document =
                "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"\(boundary)\"\n\n"
                + parts.map { "--\(boundary)\nContent-Type: \($0.type); charset=\"utf-8\"\n\n\($0.body)\n" }.joined()
                + "--\(boundary)--\n"
        }
        let bytes = Data(document.utf8)
        if bytes.count > 16_384 {
            context.error(
                "pool '\(name)': user data is \(bytes.count) bytes; EC2 takes at most 16384 before base64",
                hint: "move the work into a script the nodes download (from a bucket they read)",
                at: userDataSite ?? site.location)
        }
        return bytes.base64EncodedString()
    }

    private static func contentType(of text: String) -> String {
        text.hasPrefix("#cloud-config") ? "text/cloud-config" : "text/x-shellscript"
    }
}
