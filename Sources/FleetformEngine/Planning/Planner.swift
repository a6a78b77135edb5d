import FleetformModel

/// Diffs what a stack declares (a `Manifest`) against what the state records and decides, per
/// resource, whether to create, update in place, replace, delete or leave it alone. Pure: it
/// reads nothing and writes nothing.
///
/// ```swift
/// let plan = try Planner().plan(manifest: manifest, state: state, schemas: provider)
/// print(PlanTextRenderer().render(plan))
/// ```
public struct Planner: Sendable {
    /// A planner.
    public init() {}

    /// Plans the changes that make `state` match `manifest`.
    ///
    /// Only attributes the manifest sets are compared, so values the cloud fills in never cause
    /// a diff. References are resolved against the planned values of the resources they point
    /// at; a value not known until apply counts as a change, so replacements cascade through
    /// force-new references. Changes come in execution order (see `PlanSchedule`).
    ///
    /// - Throws: `DiagnosticsError` for a reference to an undeclared resource, a dependency
    ///   cycle, or a plan that would delete or replace a resource with `preventDestroy`.
    public func plan(
        manifest: Manifest, state: State, schemas: any SchemaSource, options: PlanOptions = PlanOptions()
    ) throws -> Plan {
        let declared = manifest.resourcesByAddress
        var warnings: [Diagnostic] = []
        var order: [ResourceAddress] = []
        let dependencies = declared.mapValues(\.allDependencies)
        let graph = Self.manifestGraph(dependencies)
        if !options.destroy {
            try Self.checkReferences(manifest, declared: declared)
            switch graph.topologicalOrder() {
            case .success(let sorted): order = sorted
            case .failure(let cycle): throw DiagnosticsError([Self.cycleDiagnostic(cycle, declared: declared)])
            }
        }
        let selected = Self.selection(
            options: options, declared: declared, graph: graph, state: state, warnings: &warnings)

        var changes: [ResourceAddress: PlannedChange] = [:]
        if options.refreshOnly {
            for prior in state.resources.values where selected?.contains(prior.address) ?? true {
                changes[prior.address] = Self.noOp(prior, schema: Self.schema(prior.type, schemas))
            }
        } else if options.destroy {
            for prior in state.resources.values where selected?.contains(prior.address) ?? true {
                changes[prior.address] = Self.delete(prior, schema: Self.schema(prior.type, schemas), reason: nil)
            }
        } else {
            let replace = Set(options.replace)
            for address in order where selected?.contains(address) ?? true {
                let resource = declared[address]!
                let change = planDeclared(
                    resource, dependencies: dependencies[address]!, prior: state.resources[address],
                    schema: Self.schema(resource.type, schemas),
                    forceReplace: replace.contains { address.isContained(in: $0) },
                    resolve: { reference in Self.resolve(reference, changes: changes, state: state) })
                changes[address] = change
            }
            for prior in state.resources.values
            where declared[prior.address] == nil && (selected?.contains(prior.address) ?? true) {
                changes[prior.address] = Self.delete(
                    prior, schema: Self.schema(prior.type, schemas), reason: PlanReason.notDeclared)
            }
            for address in options.replace
            where !declared.keys.contains(where: { $0.isContained(in: address) }) {
                warnings.append(
                    Diagnostic(
                        .warning, "--replace \(address) matches no resource the stack declares",
                        hint: "check the address with 'fleetform plan' output", address: address))
            }
        }

        try Self.checkPreventDestroy(changes.values, declared: declared, state: state)
        let schedule = try PlanSchedule(changes: Array(changes.values), prior: state)
        return Plan(
            stack: manifest.stack, environment: manifest.environment, changes: schedule.orderedChanges,
            drift: options.drift, warnings: warnings, priorLineage: state.lineage, priorSerial: state.serial)
    }

    /// Decides the change for one declared resource.
    func planDeclared(
        _ resource: ManifestResource, dependencies: [ResourceAddress], prior: ResourceState?, schema: ResourceSchema,
        forceReplace: Bool,
        resolve: (ResourceReference) -> AttributeValue
    ) -> PlannedChange {
        let desired = resource.attributes.mapValues { $0.resolvingReferences(resolve) }
        let sensitive = Set(resource.sensitive).union(schema.sensitive).sorted()
        guard let prior else {
            var after = desired.filter { $0.value != .null }
            for attribute in schema.computed where after[attribute] == nil { after[attribute] = .unknown }
            return PlannedChange(
                address: resource.address, provider: resource.provider, action: .create, before: nil, after: after,
                changedAttributes: desired.filter { $0.value != .null }.keys.sorted(), desired: resource,
                dependencies: dependencies, sensitive: sensitive)
        }

        let ignored = Set(resource.lifecycle.ignoreChanges)
        let before = Self.attributes(of: prior)
        var after = before
        var changed: [String] = []
        for (name, value) in desired where !ignored.contains(name) && value != .null {
            if !AttributeComparison.matches(value, prior.attributes[name]) { changed.append(name) }
            after[name] = value
        }
        changed.sort()
        let forcing = changed.filter { schema.forceNew.contains($0) }

        let action: ChangeAction
        var reason: String?
        if forceReplace || !forcing.isEmpty {
            action = resource.lifecycle.createBeforeDestroy ? .createThenDelete : .deleteThenCreate
            reason = forceReplace ? PlanReason.replaceRequested : PlanReason.forcedBy(forcing)
            for attribute in schema.computed where desired[attribute] == nil || desired[attribute] == .null {
                after[attribute] = .unknown
            }
        } else {
            action = changed.isEmpty ? .noOp : .update
        }
        return PlannedChange(
            address: resource.address, provider: resource.provider, action: action, before: before, after: after,
            changedAttributes: changed, replacePaths: forcing, reason: reason, desired: resource,
            dependencies: dependencies, sensitive: sensitive, priorID: prior.id)
    }

    /// The value a reference stands for in this plan: the planned value of the resource it points
    /// at when that resource is planned (unknown for a computed value of a resource being created
    /// or replaced), else the recorded one, else unknown.
    static func resolve(
        _ reference: ResourceReference, changes: [ResourceAddress: PlannedChange], state: State
    ) -> AttributeValue {
        if let change = changes[reference.address] {
            let rebuilt = change.action == .create || change.action.isReplace
            if rebuilt {
                let configured = change.desired?.attributes[reference.attribute] != nil
                return configured ? (change.after?[reference.attribute] ?? .unknown) : .unknown
            }
            return change.after?[reference.attribute] ?? .unknown
        }
        if let prior = state.resources[reference.address] {
            return attributes(of: prior)[reference.attribute] ?? .unknown
        }
        return .unknown
    }

    /// A resource's recorded attributes with its id as the `id` attribute when not recorded there.
    static func attributes(of prior: ResourceState) -> [String: AttributeValue] {
        var attributes = prior.attributes
        if attributes["id"] == nil { attributes["id"] = .string(prior.id) }
        return attributes
    }

    static func noOp(_ prior: ResourceState, schema: ResourceSchema) -> PlannedChange {
        let attributes = attributes(of: prior)
        return PlannedChange(
            address: prior.address, provider: prior.provider, action: .noOp, before: attributes, after: attributes,
            dependencies: prior.dependencies, sensitive: Set(prior.sensitive).union(schema.sensitive).sorted(),
            priorID: prior.id)
    }

    static func delete(_ prior: ResourceState, schema: ResourceSchema, reason: String?) -> PlannedChange {
        PlannedChange(
            address: prior.address, provider: prior.provider, action: .delete, before: attributes(of: prior),
            after: nil, reason: reason, dependencies: prior.dependencies,
            sensitive: Set(prior.sensitive).union(schema.sensitive).sorted(), priorID: prior.id)
    }

    static func schema(_ type: String, _ schemas: any SchemaSource) -> ResourceSchema {
        schemas.schema(for: type) ?? .fallback(for: type)
    }
}
