import FleetformModel

extension Planner {
    /// Reports every reference and `dependsOn` entry that names a resource the stack does not
    /// declare, all at once.
    static func checkReferences(_ manifest: Manifest, declared: DeclaredResources) throws {
        var diagnostics: [Diagnostic] = []
        for resource in manifest.resources {
            var reported: Set<ResourceAddress> = []
            let referenced = resource.attributes.sorted { $0.key < $1.key }.flatMap(\.value.references)
            let missing =
                referenced.map { ($0.address, "refers to") }
                + resource.dependsOn.map { ($0, "depends on") }
            for (target, verb) in missing where !declared.contains(target) && reported.insert(target).inserted {
                var hint = "declare \(target) in the stack, or remove the reference"
                if let similar = declared.addresses.filter({
                    $0.type == target.type && $0.modulePath == target.modulePath
                })
                .min() {
                    hint += " (did you mean \(similar)?)"
                }
                diagnostics.append(
                    Diagnostic(
                        .error, "\(resource.address) \(verb) \(target), which the stack does not declare", hint: hint,
                        at: resource.source, address: resource.address))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
    }

    /// A diagnostic listing a dependency cycle with each resource's declaring location.
    static func cycleDiagnostic(
        _ cycle: DependencyCycle<ResourceAddress>, declared: DeclaredResources
    ) -> Diagnostic {
        func describe(_ address: ResourceAddress) -> String {
            guard let source = declared[address]?.source else { return address.description }
            return "\(address) (\(source))"
        }
        let path = (cycle.nodes + [cycle.nodes[0]]).map(describe).joined(separator: " → ")
        return Diagnostic(
            .error, "dependency cycle: \(path)",
            hint: "remove one of these references or dependsOn entries so the resources can be ordered",
            at: declared[cycle.nodes[0]]?.source, address: cycle.nodes[0])
    }

    /// The addresses a plan covers, nil for all: with `--target`, the targets plus what they
    /// depend on (or, when destroying, plus what depends on them).
    static func selection(
        options: PlanOptions, declared: DeclaredResources, graph: DependencyGraph<ResourceAddress>,
        state: State, warnings: inout [Diagnostic]
    ) -> Set<ResourceAddress>? {
        guard !options.targets.isEmpty else { return nil }
        let known = Set(declared.addresses).union(state.resources.keys)
        var matched: Set<ResourceAddress> = []
        for target in options.targets {
            let hits = known.filter { $0.isContained(in: target) }
            if hits.isEmpty {
                warnings.append(
                    Diagnostic(
                        .warning, "--target \(target) matches no resource in the stack or its state",
                        hint: "check the address against 'fleetform plan' output", address: target))
            }
            matched.formUnion(hits)
        }
        var full = graph
        for prior in state.resources.values {
            full.addNode(prior.address)
            for dependency in prior.dependencies { full.addEdge(from: prior.address, to: dependency) }
        }
        let related = options.destroy ? full.descendants(of: matched) : graph.ancestors(of: matched)
        warnings.append(
            Diagnostic(
                .warning, "resource targeting is in effect: the plan may be incomplete",
                hint: "use --target only to recover from mistakes; run a full plan afterwards"))
        return matched.union(related)
    }

    /// Refuses a plan that would delete or replace a resource marked `preventDestroy`, naming
    /// each such resource.
    static func checkPreventDestroy(
        _ changes: [PlannedChange], declared: DeclaredResources, state: State
    ) throws {
        var diagnostics: [Diagnostic] = []
        // Indices, not copies: most changes are neither deletes nor replacements.
        let protected = changes.indices.filter { index in
            let action = changes[index].action, address = changes[index].address
            guard action == .delete || action.isReplace else { return false }
            let lifecycle = declared[address]?.lifecycle ?? state.resources[address]?.lifecycle
            return lifecycle?.preventDestroy ?? false
        }.map { changes[$0] }
        for change in protected.sorted(by: { $0.address < $1.address }) {
            let resource = declared[change.address]
            let why = change.reason.map { " (\($0))" } ?? ""
            let message: String
            let hint: String
            if change.action == .delete {
                message = "\(change.address) has preventDestroy set, but this plan would destroy it\(why)"
                hint =
                    resource == nil
                    ? "declare it again, or first apply it declared without preventDestroy and then remove it"
                    : "remove preventDestroy from its declaration and apply that first if it really must go"
            } else {
                message = "\(change.address) has preventDestroy set, but this plan would replace it\(why)"
                hint = "undo the change that forces the replacement, or remove preventDestroy from its declaration"
            }
            diagnostics.append(Diagnostic(.error, message, hint: hint, at: resource?.source, address: change.address))
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
    }

    /// In production, refuses a plan that would delete or replace a resource the state records
    /// with its type's deletion guard on (a load balancer with `enable_deletion_protection`): the
    /// cloud would refuse the delete halfway through the apply. Turning the guard off there is a
    /// change of its own, declared, planned and applied first. Outside production the provider
    /// turns the guard off as the first step of the delete, so a dev or preview environment is
    /// destroyed (or reaped) in one step.
    static func checkDeletionGuards(
        _ changes: [PlannedChange], declared: DeclaredResources, state: State, schemas: any SchemaSource
    ) throws {
        var diagnostics: [Diagnostic] = []
        for change in changes where change.action == .delete || change.action.isReplace {
            guard let prior = state.resources[change.address],
                let guardAttribute = schema(prior.type, schemas).deletionGuard,
                prior.attributes[guardAttribute] == .bool(true)
            else { continue }
            let verb = change.action == .delete ? "destroy" : "replace"
            let why = change.reason.map { " (\($0))" } ?? ""
            diagnostics.append(
                Diagnostic(
                    .error,
                    "\(change.address) has \(guardAttribute) on, so the cloud refuses to delete it, but this plan would \(verb) it\(why)",
                    hint:
                        "if it really must go, first declare it with \(guardAttribute) off (an InferenceEndpoint's .deletionProtection(false)) and apply that, then run this again",
                    at: declared[change.address]?.source, address: change.address))
        }
        if !diagnostics.isEmpty {
            throw DiagnosticsError(
                diagnostics.sorted { ($0.address?.description ?? "") < ($1.address?.description ?? "") })
        }
    }
}

extension Planner {
    /// What a destroy keeps: the resources retained on destroy (as declared, else as the state
    /// recorded them) and, transitively, what they depend on.
    static func retained(in state: State, declared: DeclaredResources) -> Set<ResourceAddress> {
        let seeds = state.resources.values.filter {
            (declared[$0.address]?.lifecycle ?? $0.lifecycle).retainOnDestroy
        }.map(\.address)
        return seeds.isEmpty ? [] : ReapPolicy.withDependencies(seeds, in: state)
    }

    /// The warning a destroy that keeps `retained` (among the `selected`) gives, naming them.
    static func retainedWarning(_ retained: Set<ResourceAddress>, selected: Set<ResourceAddress>?)
        -> Diagnostic?
    {
        let kept = retained.filter { selected?.contains($0) ?? true }.map(\.description).sorted()
        guard !kept.isEmpty else { return nil }
        let named = kept.prefix(4).joined(separator: ", ") + (kept.count > 4 ? " and \(kept.count - 4) more" : "")
        return Diagnostic(
            .warning,
            "destroy keeps \(kept.count) resource(s) retained on destroy, in the cloud and in the state: \(named)",
            hint: "a production log bucket outlives its stack; 'fleetform destroy --delete-retained' deletes these too")
    }
}
