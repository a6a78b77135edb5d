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
    /// `dependencies` is `ManifestDependencies(manifest)` when the caller worked it out already
    /// (on the same resources and references).
    ///
    /// - Throws: `DiagnosticsError` for a reference to an undeclared resource, a dependency
    ///   cycle, or a plan that would delete or replace a resource with `preventDestroy`.
    public func plan(
        manifest: Manifest, state: State, schemas: any SchemaSource, options: PlanOptions = PlanOptions(),
        dependencies analysed: ManifestDependencies? = nil
    ) throws -> Plan {
        let declared = DeclaredResources(manifest)
        let analysis = analysed ?? ManifestDependencies(manifest)
        precondition(analysis.dependencies.count == declared.count, "the dependencies are another manifest's")
        var warnings: [Diagnostic] = []
        var order: [ResourceAddress] = []
        let dependencies = analysis.dependencies
        let graph = analysis.graph
        if !options.destroy {
            if dependencies.values.contains(where: { $0.contains { !declared.contains($0) } }) {
                try Self.checkReferences(manifest, declared: declared)
            }
            switch analysis.order {
            case .success(let sorted): order = sorted
            case .failure(let cycle): throw DiagnosticsError([Self.cycleDiagnostic(cycle, declared: declared)])
            }
        }
        let selected = Self.selection(
            options: options, declared: declared, graph: graph, state: state, warnings: &warnings)

        // Changes in an array, found by address through `position`: a change is large, and the
        // planner, the preventDestroy check and the schedule read its fields in place instead of
        // copying it.
        var changes: [PlannedChange] = []
        var position: [ResourceAddress: Int] = [:]
        changes.reserveCapacity(max(declared.count, state.resources.count))
        position.reserveCapacity(max(declared.count, state.resources.count))
        func record(_ change: PlannedChange) {
            position[change.address] = changes.count
            changes.append(change)
        }
        if options.refreshOnly {
            for (address, prior) in state.resources where selected?.contains(address) ?? true {
                record(Self.noOp(prior, schema: Self.schema(prior.type, schemas)))
            }
        } else if options.destroy {
            let retained = options.deleteRetained ? [] : Self.retained(in: state, declared: declared)
            for (address, prior) in state.resources where selected?.contains(address) ?? true {
                let schema = Self.schema(prior.type, schemas)
                record(
                    retained.contains(address)
                        ? Self.noOp(prior, schema: schema) : Self.delete(prior, schema: schema, reason: nil))
            }
            if let kept = Self.retainedWarning(retained, selected: selected) { warnings.append(kept) }
        } else {
            let replace = Set(options.replace)
            for address in order where selected?.contains(address) ?? true {
                // The order is of the declared addresses.
                guard let resource = declared[address] else { continue }
                let change = planDeclared(
                    resource, dependencies: dependencies[address] ?? [], prior: state.resources[address],
                    schema: Self.schema(resource.type, schemas),
                    forceReplace: !replace.isEmpty && replace.contains { address.isContained(in: $0) },
                    resolve: { reference in
                        Self.resolve(reference, changes: changes, position: position, state: state)
                    })
                record(change)
            }
            for (address, prior) in state.resources
            where !declared.contains(address) && (selected?.contains(address) ?? true) {
                record(Self.delete(prior, schema: Self.schema(prior.type, schemas), reason: PlanReason.notDeclared))
            }
            for address in options.replace
            where !declared.addresses.contains(where: { $0.isContained(in: address) }) {
                warnings.append(
                    Diagnostic(
                        .warning, "--replace \(address) matches no resource the stack declares",
                        hint: "check the address with 'fleetform plan' output", address: address))
            }
        }

        let planned = changes
        changes = []
        try Self.checkPreventDestroy(planned, declared: declared, state: state)
        if manifest.isProduction || ReapPolicy.isProduction(state) {
            try Self.checkDeletionGuards(planned, declared: declared, state: state, schemas: schemas)
        }
        let ordered: [PlannedChange]
        if Self.plannedInScheduleOrder(planned, options: options, selected: selected) {
            ordered = planned
        } else {
            // Hand the only reference to the schedule, which reorders the changes in place.
            ordered = try PlanSchedule(changes: consume planned, prior: state).orderedChanges
        }
        return Plan(
            stack: manifest.stack, environment: manifest.environment, changes: ordered,
            drift: options.drift, warnings: warnings, priorLineage: state.lineage, priorSerial: state.serial)
    }

    /// Whether `changes`, planned in the manifest's dependency order, are already in the order
    /// `PlanSchedule` would give them: when every resource is planned (no `--target`) and
    /// nothing is destroyed or replaced, each resource has one step and the schedule's graph is
    /// the manifest's graph, with ties broken by address in both.
    static func plannedInScheduleOrder(
        _ changes: [PlannedChange], options: PlanOptions, selected: Set<ResourceAddress>?
    )
        -> Bool
    {
        guard !options.refreshOnly, !options.destroy, selected == nil else { return false }
        return !changes.indices.contains { changes[$0].action == .delete || changes[$0].action.isReplace }
    }

    /// Decides the change for one declared resource.
    func planDeclared(
        _ resource: ManifestResource, dependencies: [ResourceAddress], prior: ResourceState?, schema: ResourceSchema,
        forceReplace: Bool,
        resolve: (ResourceReference) -> AttributeValue
    ) -> PlannedChange {
        // Only values holding references are rebuilt; the rest are shared as they are.
        let desired = resource.attributes.mapValues { $0.containsUnknown ? $0.resolvingReferences(resolve) : $0 }
        let sensitive = Self.sensitive(resource.sensitive, schema)
        guard let prior else {
            var after = desired.filter { $0.value != .null }
            for attribute in schema.computed where after[attribute] == nil { after[attribute] = .unknown }
            return PlannedChange(
                address: resource.address, provider: resource.provider, action: .create, before: nil, after: after,
                changedAttributes: desired.filter { $0.value != .null }.keys.sorted(), desired: resource,
                dependencies: dependencies, sensitive: sensitive)
        }

        let ignored = Set(resource.lifecycle.ignoreChanges)
        let before = prior.attributesWithID
        var changed: [String] = []
        for (name, value) in desired where !ignored.contains(name) && value != .null {
            if !AttributeComparison.matches(value, prior.attributes[name]) { changed.append(name) }
        }
        if changed.isEmpty && !forceReplace {
            // Every value the stack sets matches the recorded one: nothing moves, as Terraform
            // shows a no-op (after = before).
            return PlannedChange(
                address: resource.address, provider: resource.provider, action: .noOp, before: before, after: before,
                desired: resource, dependencies: dependencies, sensitive: sensitive, priorID: prior.id)
        }
        var after = before
        for (name, value) in desired where !ignored.contains(name) && value != .null { after[name] = value }
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
            action = .update
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
        _ reference: ResourceReference, changes: [PlannedChange], position: [ResourceAddress: Int], state: State
    ) -> AttributeValue {
        let attribute = reference.attribute
        if let index = position[reference.address] {
            let action = changes[index].action
            if action == .create || action.isReplace, changes[index].desired?.attributes[attribute] == nil {
                return .unknown
            }
            return changes[index].after?[attribute] ?? .unknown
        }
        if let recorded = state.resources[reference.address]?.attributes[attribute] { return recorded }
        if attribute == "id", let id = state.resources[reference.address]?.id { return .string(id) }
        return .unknown
    }

    static func noOp(_ prior: ResourceState, schema: ResourceSchema) -> PlannedChange {
        let attributes = prior.attributesWithID
        return PlannedChange(
            address: prior.address, provider: prior.provider, action: .noOp, before: attributes, after: attributes,
            dependencies: prior.dependencies, sensitive: sensitive(prior.sensitive, schema),
            priorID: prior.id)
    }

    static func delete(_ prior: ResourceState, schema: ResourceSchema, reason: String?) -> PlannedChange {
        PlannedChange(
            address: prior.address, provider: prior.provider, action: .delete, before: prior.attributesWithID,
            after: nil, reason: reason, dependencies: prior.dependencies,
            sensitive: sensitive(prior.sensitive, schema), priorID: prior.id)
    }

    /// The attributes to mask: those the declaration or state names plus the schema's, sorted.
    static func sensitive(_ named: [String], _ schema: ResourceSchema) -> [String] {
        if named.isEmpty && schema.sensitive.isEmpty { return [] }
        return Set(named).union(schema.sensitive).sorted()
    }

    static func schema(_ type: String, _ schemas: any SchemaSource) -> ResourceSchema {
        schemas.schema(for: type) ?? .fallback(for: type)
    }
}
