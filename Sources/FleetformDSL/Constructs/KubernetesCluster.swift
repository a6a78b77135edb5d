/// An EKS cluster with its control-plane role, in the network's private subnets. Each pool that
/// joins it (`.cluster(eks)`) brings its own node role.
///
/// ```swift
/// let eks = KubernetesCluster("ml", network: net, version: "1.31")
/// GPUNodePool("inference", network: net).cluster(eks).instanceTypes("g6.2xlarge")
/// ```
public struct KubernetesCluster: ConfigurableConstruct {
    /// The construct's name: the `NAME` of its resources' addresses and part of the cluster's name.
    public let name: String
    /// The network whose private subnets the control plane's interfaces use.
    public let network: Network
    /// The Kubernetes version, `"1.31"`.
    public let version: String
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    let site: DeclarationSite

    /// A cluster named `name` in `network`, at Kubernetes `version`. `file` and `line` record where it
    /// was declared (for diagnostics); leave them out.
    public init(_ name: String, network: Network, version: String = "1.31", file: String = #filePath, line: Int = #line)
    {
        self.name = name
        self.network = network
        self.version = version
        self.site = DeclarationSite(file: file, line: line)
    }

    /// The cluster's address.
    public var clusterAddress: ResourceAddress { site.address("aws_eks_cluster", name) }
    /// The control-plane role's address.
    public var clusterRoleAddress: ResourceAddress { site.address("aws_iam_role", name + "_cluster") }

    public func expand(in context: SynthesisContext) {
        guard context.firstExpansion(of: "cluster:\(site.modulePath):\(name)@\(site.location)") else { return }
        let region = network.resolvedRegion(in: context)
        let location = site.location
        let parts = version.split(separator: ".")
        if parts.count != 2 || parts.contains(where: { Int($0) == nil }) {
            context.error(
                "cluster '\(name)': version '\(version)' is not a Kubernetes minor version",
                hint: "write it as MAJOR.MINOR, e.g. \"1.31\"", at: location)
        }
        context.emit(
            context.resource(
                clusterRoleAddress, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: clusterRoleAddress, maxLength: 64)),
                    "assume_role_policy": .string(PolicyDocument.trust(service: "eks.amazonaws.com")),
                    "managed_policy_arns": ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
                ], options: options, at: location))
        context.emit(
            context.resource(
                clusterAddress, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: clusterAddress, maxLength: 100)),
                    "role_arn": .reference(ResourceReference(clusterRoleAddress, "arn")),
                    "version": .string(version),
                    "vpc_config": ["subnet_ids": .list(network.subnetIDs(in: context))],
                ], options: options, at: location))
    }
}
