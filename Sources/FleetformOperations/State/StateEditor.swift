import FleetformDSL
import FleetformEngine
import FleetformModel
import Foundation

/// Inspects and edits the state of one stack environment: what `fleetform state …`, `refresh`
/// and `import` do. Every edit runs under the state lock and is written as the next serial.
///
/// ```swift
/// let editor = try StateEditor(project: project, target: target, selection: StateSelection(), warn: warn)
/// try await editor.move(from: old, to: new)
/// ```
public struct StateEditor: Sendable {
    /// The environment's workspace.
    public let workspace: Workspace
    let project: Project

    /// The editor of `target`'s environment (the stack need not be compiled in when `--state`
    /// names the file).
    public init(
        project: Project, target: StackTarget, selection: StateSelection, warn: @escaping @Sendable (String) -> Void
    ) throws {
        guard let name = target.stack else {
            throw OperationError("--stack is required; known stacks: \(project.stacks.names.joined(separator: ", "))")
        }
        let stack = project.stacks[name]
        if stack == nil && selection.path == nil {
            throw OperationError(
                "no stack named '\(name)'; known stacks: \(project.stacks.names.joined(separator: ", ")) (or pass --state PATH)"
            )
        }
        self.project = project
        self.workspace = try selection.workspace(
            stack: stack, stackName: name, environment: target.environment, in: project, warn: warn)
    }

    /// The stored state, or an error saying there is none.
    public func read() async throws -> State {
        guard let state = try await workspace.backend.read(stack: workspace.stack, environment: workspace.environment)
        else {
            throw OperationError(
                "\(workspace.stack)/\(workspace.environment) has no state at \(workspace.backend.location(stack: workspace.stack, environment: workspace.environment)); nothing has been applied there"
            )
        }
        return state
    }

    /// Runs `edit` on the stored state under the lock and writes the result as the next serial.
    public func edit(command: String, lockTimeout: Duration = .zero, _ edit: (inout State) throws -> Void) async throws
    {
        try await workspace.withLock(command: command, timeout: lockTimeout) {
            var state = try await read()
            try edit(&state)
            try await workspace.persist(state)
        }
    }

    /// The addresses in state starting with any of `prefixes` (all when empty), sorted.
    public func list(prefixes: [String]) async throws -> [ResourceAddress] {
        try await read().sortedResources.map(\.address).filter { address in
            prefixes.isEmpty || prefixes.contains { address.description.hasPrefix($0) }
        }
    }

    /// One resource as Terraform's `state show` prints it, sensitive values masked.
    public func show(_ address: ResourceAddress) async throws -> String {
        let state = try await read()
        guard let resource = state.resources[address] else {
            throw OperationError("\(address) is not in state; 'fleetform state list' shows what is")
        }
        var lines = [
            "# \(resource.address):", "resource \"\(resource.type)\" \"\(resource.address.name)\" {",
            "    id = \"\(resource.id)\"",
        ]
        let width = resource.attributes.keys.map(\.count).max() ?? 0
        for (key, value) in resource.attributes.sorted(by: { $0.key < $1.key }) {
            let shown = resource.sensitive.contains(key) ? "(sensitive value)" : value.description
            lines.append("    \(key.padding(toLength: width, withPad: " ", startingAt: 0)) = \(shown)")
        }
        lines.append("    # region: \(resource.provider.region)")
        if !resource.dependencies.isEmpty {
            lines.append("    # depends on: " + resource.dependencies.map(\.description).joined(separator: ", "))
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Forgets `addresses` (they stay in the cloud); all must be in state.
    public func remove(_ addresses: [ResourceAddress]) async throws {
        try await edit(command: "fleetform state rm") { state in
            for target in addresses where state.resources[target] == nil {
                throw OperationError("\(target) is not in state; nothing was removed")
            }
            for target in addresses { state.resources[target] = nil }
        }
    }

    /// Renames `source` to `destination` (same type), rewriting dependencies on it.
    public func move(from source: ResourceAddress, to destination: ResourceAddress) async throws {
        guard source.type == destination.type else {
            throw OperationError("cannot move \(source) to \(destination): the types differ")
        }
        try await edit(command: "fleetform state mv") { state in
            guard var resource = state.resources[source] else { throw OperationError("\(source) is not in state") }
            guard state.resources[destination] == nil else {
                throw OperationError("\(destination) is already in state; remove it first or choose another address")
            }
            resource.address = destination
            state.resources[source] = nil
            state.resources[destination] = resource
            for (address, var other) in state.resources where other.dependencies.contains(source) {
                other.dependencies = other.dependencies.map { $0 == source ? destination : $0 }
                state.resources[address] = other
            }
        }
    }

    /// Replaces the state with `pushed` (from `file`): same stack and environment, same lineage
    /// and a serial not behind unless `force`.
    public func push(_ pushed: State, file: String, force: Bool) async throws {
        guard pushed.stack == workspace.stack, pushed.environment == workspace.environment else {
            throw OperationError(
                "\(file) is the state of \(pushed.stack)/\(pushed.environment), not \(workspace.stack)/\(workspace.environment)"
            )
        }
        try await workspace.withLock(command: "fleetform state push") {
            var next = pushed
            if let current = try await workspace.backend.read(
                stack: workspace.stack, environment: workspace.environment)
            {
                if current.lineage != pushed.lineage && !force {
                    throw OperationError(
                        "\(file) has lineage \(pushed.lineage), but the stored state has \(current.lineage): it belongs to another history; pass --force to replace it anyway"
                    )
                }
                if pushed.serial < current.serial && !force {
                    throw OperationError(
                        "\(file) has serial \(pushed.serial), behind the stored \(current.serial): it would undo newer changes; pass --force to push it anyway"
                    )
                }
                next.lineage = current.lineage
                next.serial = max(pushed.serial, current.serial)
            }
            try await workspace.persist(next)
        }
    }

    /// Releases the lock `id` left by a run that died.
    public func unlock(id: String) async throws {
        try await workspace.backend.unlock(stack: workspace.stack, environment: workspace.environment, id: id)
    }

    /// Reads every resource from the cloud and records what changed outside Fleetform; returns
    /// the refreshed state and the drift.
    public func refresh(cloud: CloudSettings, output: any OperationOutput) async throws
        -> (state: State, drift: [DriftedAttribute], apiCalls: String)
    {
        let region = project.stacks[workspace.stack]?.region.code ?? "us-east-1"
        return try await cloud.withProvider(region: region, in: project) { provider in
            let result = try await workspace.withLock(command: "fleetform refresh", timeout: cloud.lockTimeout) {
                let (state, existed) = try await workspace.load(provider: provider, events: { output.event($0) })
                guard existed else {
                    throw OperationError("\(workspace.stack)/\(workspace.environment) has no state to refresh")
                }
                let (refreshed, drift) = try await workspace.refresh(state, provider: provider)
                try await workspace.persist(refreshed)
                return (refreshed, drift)
            }
            return (result.0, result.1, provider.client.metrics.summary)
        }
    }

    /// Adopts the cloud resource `id` at `address`, which `manifest` must declare, taking the
    /// declaration's dependencies, lifecycle, sensitivity and usage.
    public func importResource(
        _ address: ResourceAddress, id: String, manifest: Manifest, cloud: CloudSettings, output: any OperationOutput
    ) async throws {
        guard let declared = manifest.resourcesByAddress[address] else {
            throw OperationError(
                "\(address) is not declared by \(manifest.stack)/\(manifest.environment); declare it first so Fleetform knows its desired attributes"
            )
        }
        try await cloud.withProvider(region: manifest.region, in: project) { provider in
            try await workspace.withLock(command: "fleetform import", timeout: cloud.lockTimeout) {
                var (state, _) = try await workspace.load(provider: provider, events: { output.event($0) })
                if let existing = state.resources[address] {
                    throw OperationError(
                        "\(address) is already in state (id \(existing.id)); 'fleetform state rm' it first to import another"
                    )
                }
                var imported = try await provider.importResource(address: address, provider: declared.provider, id: id)
                imported.declared = declared.declared
                state.resources[address] = imported
                try await workspace.persist(state)
            }
        }
    }
}
