import FleetformModel

/// Small builders for test manifests, states and schemas.
enum Fixtures {
    static let region = "us-east-1"
    static let provider = ProviderConfig(region: region)

    static func address(_ text: String) -> ResourceAddress {
        guard let address = ResourceAddress(parsing: text) else { fatalError("bad address \(text)") }
        return address
    }

    static func ref(_ text: String) -> AttributeValue {
        guard let reference = ResourceReference(parsing: text) else { fatalError("bad reference \(text)") }
        return .reference(reference)
    }

    static func declared(
        _ address: String, _ attributes: [String: AttributeValue] = [:], dependsOn: [String] = [],
        lifecycle: Lifecycle = .default, sensitive: [String] = [], line: Int = 1
    ) -> ManifestResource {
        ManifestResource(
            address: Self.address(address), provider: provider, attributes: attributes,
            dependsOn: dependsOn.map(Self.address), lifecycle: lifecycle, sensitive: sensitive,
            source: SourceLocation(file: "plans/test.swift", line: line))
    }

    static func recorded(
        _ address: String, id: String, _ attributes: [String: AttributeValue] = [:], dependencies: [String] = [],
        lifecycle: Lifecycle = .default
    ) -> ResourceState {
        ResourceState(
            address: Self.address(address), provider: provider, id: id, attributes: attributes,
            dependencies: dependencies.map(Self.address), lifecycle: lifecycle)
    }

    static func manifest(_ resources: [ManifestResource]) -> Manifest {
        Manifest(stack: "training", environment: "dev", region: region, resources: resources)
    }

    static func state(_ resources: [ResourceState], serial: Int = 3) -> State {
        State(
            serial: serial, lineage: "6f1c2d9e-lineage", stack: "training", environment: "dev",
            resources: Dictionary(uniqueKeysWithValues: resources.map { ($0.address, $0) }))
    }

    static let schemas = SchemaTable([
        ResourceSchema(type: "aws_vpc", forceNew: ["cidr_block"], computed: ["id", "arn"]),
        ResourceSchema(type: "aws_subnet", forceNew: ["vpc_id", "cidr_block", "availability_zone"]),
        ResourceSchema(type: "aws_launch_template", computed: ["id", "latest_version"]),
        ResourceSchema(type: "aws_autoscaling_group", forceNew: ["name"], computed: ["id", "arn"]),
        ResourceSchema(type: "aws_iam_role", forceNew: ["name"], computed: ["id", "arn"], sensitive: ["secret"]),
        ResourceSchema(
            type: "aws_lb", forceNew: ["name"], computed: ["id", "arn"], deletionGuard: "enable_deletion_protection"),
    ])
}
