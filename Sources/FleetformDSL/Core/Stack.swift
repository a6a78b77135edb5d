/// Where a stack keeps its state.
public enum StateBackendConfig: Hashable, Sendable {
    /// A local file; nil means the default `.fleetform/state/<stack>/<env>.json`.
    case local(path: String? = nil)
    /// An object in a versioned S3 bucket, locked with conditional writes.
    case s3(bucket: String, key: String, region: Region)
}

/// A deployable unit: a name, regions, a state backend and a body that declares the platform for
/// a given environment.
///
/// ```swift
/// public let training = Stack("training", region: .usEast1, drRegion: .usWest2) { env in
///     let net = Network("core", cidr: "10.40.0.0/16", zones: 3)
///     GPUNodePool("trainers", network: net)
///         .instanceTypes("p5.48xlarge", "p4d.24xlarge")
///         .capacity(min: 0, desired: env.isProduction ? 8 : 1, max: 32)
/// }
/// ```
public struct Stack: Sendable {
    /// The stack's name (`--stack NAME`); part of every physical name and state path.
    public let name: String
    /// The primary region: where constructs go unless they say otherwise.
    public let region: Region
    /// The disaster-recovery region (`.drRegion` in `DRReplica` and `.region(…)`), if any.
    public let drRegion: Region?
    /// Where the stack's state is kept (local file by default, or S3).
    public let backend: StateBackendConfig
    /// How long a non-production environment lives unless `apply --ttl` says otherwise.
    public let defaultTTLHours: Double?
    /// A one-line description shown by `fleetform stacks`.
    public let summary: String
    /// Where the stack was declared.
    public let location: SourceLocation
    private let body: @Sendable (Environment) -> [any Construct]

    /// A stack named `name` in `region` (and `drRegion` for replicas), its state in `backend`.
    /// `body` declares the platform for an environment: it runs at every synthesis (`plan`, `apply`,
    /// …) with that environment, so `env.isProduction` and `env.variable(…)` shape what is declared.
    /// Non-production environments expire after `defaultTTLHours` unless `apply --ttl` says
    /// otherwise; `summary` is what `fleetform stacks` shows. `file` and `line` record where it was
    /// declared; leave them out.
    public init(
        _ name: String, region: Region, drRegion: Region? = nil, backend: StateBackendConfig = .local(),
        defaultTTLHours: Double? = nil, summary: String = "", file: String = #filePath, line: Int = #line,
        @ConstructBuilder body: @escaping @Sendable (Environment) -> [any Construct]
    ) {
        self.name = name
        self.region = region
        self.drRegion = drRegion
        self.backend = backend
        self.defaultTTLHours = defaultTTLHours
        self.summary = summary
        self.location = SourceLocation(file: file, line: line)
        self.body = body
    }

    /// Evaluates the stack for `environment` into a manifest, validating as it goes. Never throws:
    /// every problem is in `diagnostics`, and the manifest holds whatever could be expanded. With
    /// `coverage`, a resource type the provider does not manage is an error at its declaration.
    ///
    /// ```swift
    /// let synthesis = training.synthesize(Environment(name: "dev"), coverage: AWSResourceCatalog.coverage)
    /// ```
    public func synthesize(_ environment: Environment, coverage: ProviderCoverage? = nil) -> Synthesis {
        let context = SynthesisContext(
            stackName: name, environment: environment, primaryRegion: region, drRegion: drRegion,
            stackLocation: location)
        StackValidation.checkStack(self, in: context)
        SynthesisContext.$current.withValue(context) {
            SynthesisContext.$currentModulePath.withValue([]) {
                let constructs = body(environment)
                for construct in constructs { construct.expand(in: context) }
                context.runDeferred()
                context.checkVariablesRead()
            }
        }
        var (resources, diagnostics) = context.finish()
        if let root = environment.root {
            var paths = SourcePaths(root: root)
            for index in resources.indices {
                if let source = resources[index].source { resources[index].source = paths.relative(source) }
            }
            for index in diagnostics.indices {
                if let location = diagnostics[index].location { diagnostics[index].location = paths.relative(location) }
            }
        }
        let manifest = Manifest(
            stack: name, environment: environment.name, region: region.code, isProduction: environment.isProduction,
            resources: resources, rollouts: context.rollouts)
        let coverageDiagnostics = coverage.map { $0.diagnostics(for: manifest) } ?? []
        return Synthesis(
            manifest: manifest,
            diagnostics: diagnostics + StackValidation.checkManifest(manifest) + coverageDiagnostics)
    }
}

/// The result of synthesizing a stack: the manifest and everything validation found.
public struct Synthesis: Sendable {
    /// Every low-level resource the stack declares for the environment.
    public var manifest: Manifest
    /// Every error and warning validation found, with file and line.
    public var diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.hasErrors }
}

extension Synthesis: CustomStringConvertible {
    /// The diagnostics as the CLI prints them, then `stack/env: N resources` and one address a
    /// line: what `print(stack.synthesize(env))` shows in a script, a playground or a test.
    public var description: String {
        let lines =
            diagnostics.map { $0.render() }
            + ["\(manifest.stack)/\(manifest.environment): \(manifest.resources.count) resources"]
            + manifest.resources.map { "  \($0.address)" }
        return lines.joined(separator: "\n")
    }
}
