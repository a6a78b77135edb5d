import FleetformModel

/// Renders a plan in Terraform's JSON plan representation (`terraform show -json`, format
/// 1.2), so tools that read Terraform plans (checkov, OPA/conftest, cost tools, CI bots) can
/// read Fleetform's: `planned_values`, `resource_changes`, `resource_drift`, `prior_state`,
/// `configuration`.
///
/// Values not known until apply are left out of `after` and marked `true` in `after_unknown`
/// (nested too); sensitive values are kept, as Terraform does, and marked in `*_sensitive`.
///
/// ```swift
/// print(PlanJSONRenderer().render(plan, priorState: state))
/// ```
public struct PlanJSONRenderer: Sendable {
    /// The JSON plan format version written.
    public static let formatVersion = "1.2"
    /// What goes in `terraform_version`.
    public var toolVersion: String

    /// A renderer stamping `toolVersion` as the `terraform_version`.
    public init(toolVersion: String = "fleetform-0.1.0") {
        self.toolVersion = toolVersion
    }

    /// The plan as one line of JSON; `priorState` (the state the plan was made against, nil
    /// when there was none) fills `prior_state`. `costs` adds a `cost` object to the entries of
    /// `resource_changes` it has one for (Terraform consumers ignore the extra key); `rolloutCosts`
    /// adds an `overlap_cost` object to the rollouts of the pools (groups) it has one for.
    public func render(
        _ plan: Plan, priorState: State?, costs: [ResourceAddress: AttributeValue] = [:],
        rolloutCosts: [ResourceAddress: AttributeValue] = [:]
    ) -> String {
        JSONWriter.string(document(plan, priorState: priorState, costs: costs, rolloutCosts: rolloutCosts))
    }

    /// The plan as a JSON value.
    func document(
        _ plan: Plan, priorState: State?, costs: [ResourceAddress: AttributeValue] = [:],
        rolloutCosts: [ResourceAddress: AttributeValue] = [:]
    ) -> AttributeValue {
        var planned: [(ResourceAddress, AttributeValue)] = []
        for change in plan.changes where change.action != .delete {
            planned.append(
                (
                    change.address,
                    .map(resourceValues(change.address, change.provider, change.after ?? [:], change.sensitive))
                )
            )
        }
        var prior: [(ResourceAddress, AttributeValue)] = []
        for resource in priorState?.sortedResources ?? [] {
            var entry = resourceValues(
                resource.address, resource.provider, resource.attributesWithID, resource.sensitive)
            if !resource.dependencies.isEmpty { entry["depends_on"] = StoredValue.addresses(resource.dependencies) }
            prior.append((resource.address, .map(entry)))
        }
        var document: [String: AttributeValue] = [
            "format_version": .string(Self.formatVersion), "terraform_version": .string(toolVersion),
            "planned_values": ["root_module": Self.module(planned, path: [])],
            "resource_changes": .list(
                plan.changes.sorted { $0.address < $1.address }.map { resourceChange($0, cost: costs[$0.address]) }),
            "configuration": configuration(plan), "errored": false,
        ]
        if !plan.rollouts.isEmpty {
            // Fleetform's own key (Terraform consumers ignore it): each rollout's record and phases.
            document["rollouts"] = .list(
                plan.rollouts.map { rollout in
                    var entry: [String: AttributeValue] = [
                        "address": .string(rollout.record.group.description), "resuming": .bool(rollout.resuming),
                        "overlap_node_hours": .number(rollout.overlapNodeHours),
                        "instance_type": .string(rollout.instanceType),
                        "record": StoredValue.rolloutRecord(rollout.record),
                    ]
                    entry["overlap_cost"] = rolloutCosts[rollout.record.group]
                    return .map(entry)
                })
        }
        if let priorState {
            document["prior_state"] = [
                "format_version": "1.0", "terraform_version": .string(toolVersion),
                "values": ["root_module": Self.module(prior, path: [])],
                "serial": .number(Double(priorState.serial)), "lineage": .string(priorState.lineage),
            ]
        }
        if !plan.drift.isEmpty {
            var providers = Dictionary(plan.changes.map { ($0.address, $0.provider) }, uniquingKeysWith: { a, _ in a })
            for resource in priorState?.sortedResources ?? [] where providers[resource.address] == nil {
                providers[resource.address] = resource.provider
            }
            document["resource_drift"] = .list(resourceDrift(plan.drift, providers: providers))
        }
        return .map(document)
    }

    /// The identifying fields every resource object carries.
    private func identity(_ address: ResourceAddress, _ provider: ProviderConfig) -> [String: AttributeValue] {
        var fields: [String: AttributeValue] = [
            "address": .string(address.description), "mode": "managed", "type": .string(address.type),
            "name": .string(address.name), "provider_name": .string(provider.terraformName),
        ]
        if let key = address.key { fields["index"] = .string(key) }
        if !address.modulePath.isEmpty {
            fields["module_address"] = .string(address.modulePath.map { "module." + $0 }.joined(separator: "."))
        }
        return fields
    }

    private func resourceValues(
        _ address: ResourceAddress, _ provider: ProviderConfig, _ values: [String: AttributeValue],
        _ sensitive: [String]
    ) -> [String: AttributeValue] {
        var fields = identity(address, provider)
        fields["module_address"] = nil
        fields["schema_version"] = 0
        fields["values"] = Self.known(.map(values))
        fields["sensitive_values"] = Self.sensitiveMask(values, sensitive) ?? [:]
        return fields
    }

    private func resourceChange(_ change: PlannedChange, cost: AttributeValue?) -> AttributeValue {
        var fields = identity(change.address, change.provider)
        if let cost { fields["cost"] = cost }
        var body: [String: AttributeValue] = [
            "actions": StoredValue.strings(change.action.terraformActions),
            "before": change.before.map { Self.known(.map($0)) } ?? .null,
            "after": change.after.map { Self.known(.map($0)) } ?? .null,
            "after_unknown": change.after.map { Self.unknownMask(.map($0)) ?? [:] } ?? [:],
            "before_sensitive": change.before.map { Self.sensitiveMask($0, change.sensitive) ?? [:] } ?? false,
            "after_sensitive": change.after.map { Self.sensitiveMask($0, change.sensitive) ?? [:] } ?? false,
        ]
        if !change.replacePaths.isEmpty {
            body["replace_paths"] = .list(change.replacePaths.map { .list([.string($0)]) })
        }
        fields["change"] = .map(body)
        switch (change.action, change.reason) {
        case (.deleteThenCreate, PlanReason.replaceRequested?), (.createThenDelete, PlanReason.replaceRequested?):
            fields["action_reason"] = "replace_by_request"
        case (.deleteThenCreate, _?), (.createThenDelete, _?):
            fields["action_reason"] = "replace_because_cannot_update"
        case (.delete, PlanReason.notDeclared?):
            fields["action_reason"] = "delete_because_no_resource_config"
        default: break
        }
        return .map(fields)
    }

    private func resourceDrift(
        _ drift: [DriftedAttribute], providers: [ResourceAddress: ProviderConfig]
    ) -> [AttributeValue] {
        var byAddress: [ResourceAddress: [DriftedAttribute]] = [:]
        for item in drift { byAddress[item.address, default: []].append(item) }
        return byAddress.sorted { $0.key < $1.key }.map { address, items in
            let gone = items.allSatisfy { $0.actual == nil }
            var before: [String: AttributeValue] = [:], after: [String: AttributeValue] = [:]
            for item in items {
                before[item.attribute] = item.recorded ?? .null
                after[item.attribute] = item.actual ?? .null
            }
            var fields = identity(address, providers[address] ?? ProviderConfig(region: ""))
            fields["change"] = [
                "actions": gone ? ["delete"] : ["update"], "before": .map(before), "after": gone ? .null : .map(after),
                "after_unknown": [:], "before_sensitive": [:], "after_sensitive": gone ? false : [:],
            ]
            return .map(fields)
        }
    }

    /// `value` without its unknown parts: unknown map entries dropped, unknown list elements null.
    static func known(_ value: AttributeValue) -> AttributeValue {
        switch value {
        case .unknown, .reference: return .null
        case .map(let map): return .map(map.filter { !Self.isUnknown($0.value) }.mapValues(known))
        case .list(let list): return .list(list.map(known))
        default: return value
        }
    }

    private static func isUnknown(_ value: AttributeValue) -> Bool {
        switch value {
        case .unknown, .reference: return true
        default: return false
        }
    }

    /// Where `value` is unknown: `true` at unknown places, objects and arrays around them,
    /// nil when nothing inside is unknown.
    static func unknownMask(_ value: AttributeValue) -> AttributeValue? {
        switch value {
        case .unknown, .reference: return true
        case .map(let map):
            var mask: [String: AttributeValue] = [:]
            for (key, element) in map { if let inner = unknownMask(element) { mask[key] = inner } }
            return mask.isEmpty ? nil : .map(mask)
        case .list(let list):
            guard list.contains(where: \.containsUnknown) else { return nil }
            return .list(list.map { unknownMask($0) ?? false })
        default: return nil
        }
    }

    /// `{name: true}` for each sensitive attribute present; nil when there is none.
    static func sensitiveMask(_ values: [String: AttributeValue], _ sensitive: [String]) -> AttributeValue? {
        let present = sensitive.filter { values[$0] != nil }
        guard !present.isEmpty else { return nil }
        return .map(Dictionary(uniqueKeysWithValues: present.map { ($0, AttributeValue.bool(true)) }))
    }

    /// A module object holding the resources at `path` and, under `child_modules`, the modules
    /// below it.
    static func module(_ resources: [(ResourceAddress, AttributeValue)], path: [String]) -> AttributeValue {
        .map(moduleFields(resources, path: path))
    }

    /// The fields of the module at `path`: its resources and its child modules.
    static func moduleFields(_ resources: [(ResourceAddress, AttributeValue)], path: [String]) -> [String:
        AttributeValue]
    {
        var fields: [String: AttributeValue] = [:]
        let here = resources.filter { $0.0.modulePath == path }.sorted { $0.0 < $1.0 }.map(\.1)
        if !here.isEmpty { fields["resources"] = .list(here) }
        let children = Set(
            resources.compactMap { resource -> String? in
                let modules = resource.0.modulePath
                return modules.count > path.count && Array(modules.prefix(path.count)) == path
                    ? modules[path.count] : nil
            })
        if !children.isEmpty {
            fields["child_modules"] = .list(
                children.sorted().map { child in
                    var module = Self.moduleFields(resources, path: path + [child])
                    module["address"] = .string((path + [child]).map { "module." + $0 }.joined(separator: "."))
                    return .map(module)
                })
        }
        return fields
    }
}
