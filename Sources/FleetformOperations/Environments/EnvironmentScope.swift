import FleetformDSL
import FleetformEngine
import FleetformModel
import Foundation

/// The environments the `env` commands look at: every state of one stack (`--stack`) or of
/// every stack, in the backend each stack declares (or the one `--state` names).
public struct EnvironmentScope: Sendable {
    /// One environment's state and where it lives.
    public struct Entry: Sendable {
        public var stack: String
        public var environment: String
        public var state: State
        public var backend: any StateBackend
    }

    public var project: Project
    public var selection: StateSelection
    /// `--stack`, when given.
    public var stack: String?
    /// Where backend warnings go.
    public var warn: @Sendable (String) -> Void

    /// The environments of `stack` (nil: every stack) in `project`.
    public init(
        project: Project, selection: StateSelection, stack: String?, warn: @escaping @Sendable (String) -> Void
    ) {
        self.project = project
        self.selection = selection
        self.stack = stack
        self.warn = warn
    }

    /// The stacks in scope: the one asked for, or every stack compiled in and every stack with
    /// a state in the default backend.
    public func stackNames() async throws -> [String] {
        if let stack { return [stack] }
        var names = Set(project.stacks.names)
        names.formUnion(try await selection.backend(for: nil, in: project, warn: warn).stacks())
        return names.sorted()
    }

    /// Every environment with a state in scope, sorted by stack and name.
    public func entries() async throws -> [Entry] {
        var entries: [Entry] = []
        for name in try await stackNames() {
            let backend = try selection.backend(for: project.stacks[name], in: project, warn: warn)
            for environment in try await backend.list(stack: name) {
                guard let state = try await backend.read(stack: name, environment: environment) else { continue }
                entries.append(Entry(stack: name, environment: environment, state: state, backend: backend))
            }
        }
        return entries
    }

    /// The workspace of one environment.
    public func workspace(_ entry: Entry) -> Workspace {
        selection.workspace(backend: entry.backend, stackName: entry.stack, environment: entry.environment, in: project)
    }

    /// The regions stacks in scope use: primary and DR regions of compiled stacks, and every
    /// region a state records.
    public func regions(of entries: [Entry]) async throws -> [String] {
        var regions: Set<String> = []
        for name in try await stackNames() {
            guard let stack = project.stacks[name] else { continue }
            regions.insert(stack.region.code)
            if let dr = stack.drRegion { regions.insert(dr.code) }
        }
        for entry in entries {
            for resource in entry.state.resources.values { regions.insert(resource.provider.region) }
        }
        return regions.sorted()
    }
}
