/// A reusable group of constructs, written by a team in `modules/`. Resources inside get the
/// module's name in their address (`module.trainers.aws_autoscaling_group.pool`).
///
/// ```swift
/// public struct InferenceService: Module {
///     public let name: String
///     let network: Network
///     public var body: [any Construct] {
///         GPUNodePool("servers", network: network).instanceTypes("g6.2xlarge", "g5.2xlarge")
///     }
/// }
/// ```
public protocol Module: Construct {
    /// The module's name, unique among its siblings.
    var name: String { get }
    /// What the module declares.
    @ConstructBuilder var body: [any Construct] { get }
}

extension Module {
    public func expand(in context: SynthesisContext) {
        let constructs = context.withModule(name) { body }
        context.withModule(name) {
            for construct in constructs { construct.expand(in: context) }
        }
    }
}

/// An inline module: `Group("serving") { … }` nests constructs under `module.serving`.
public struct Group: Module {
    /// The module's name: its resources are addressed `module.NAME.…`.
    public let name: String
    private let content: @Sendable () -> [any Construct]

    /// A module named `name` holding what `content` declares.
    public init(_ name: String, @ConstructBuilder _ content: @escaping @Sendable () -> [any Construct]) {
        self.name = name
        self.content = content
    }

    /// The constructs `content` declares.
    public var body: [any Construct] { content() }
}
