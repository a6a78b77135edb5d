import FleetformModel

extension PlanJSONRenderer {
    /// The minimal `configuration` section: provider configurations, and per declared resource
    /// its expressions (constant values, or the references it makes), nested by module calls.
    func configuration(_ plan: Plan) -> AttributeValue {
        let declared = plan.changes.compactMap(\.desired).sorted { $0.address < $1.address }
        let regions = Set(declared.map(\.provider.region)).sorted()
        func key(_ provider: ProviderConfig) -> String {
            regions.count <= 1 ? provider.name : "\(provider.name).\(provider.region)"
        }
        var providers: [String: AttributeValue] = [:]
        for resource in declared where providers[key(resource.provider)] == nil {
            var config: [String: AttributeValue] = [
                "name": .string(resource.provider.name), "full_name": .string(resource.provider.terraformName),
                "expressions": ["region": ["constant_value": .string(resource.provider.region)]],
            ]
            if regions.count > 1 { config["alias"] = .string(resource.provider.region) }
            providers[key(resource.provider)] = .map(config)
        }
        let entries = declared.map { resource -> (ResourceAddress, AttributeValue) in
            var fields: [String: AttributeValue] = [
                "address": .string(resource.address.local), "mode": "managed", "type": .string(resource.type),
                "name": .string(resource.address.name), "provider_config_key": .string(key(resource.provider)),
                "schema_version": 0,
                "expressions": .map(
                    resource.attributes.mapValues { Self.expression($0, in: resource.address.modulePath) }),
            ]
            if !resource.dependsOn.isEmpty { fields["depends_on"] = StoredValue.addresses(resource.dependsOn) }
            return (resource.address, .map(fields))
        }
        return ["provider_config": .map(providers), "root_module": Self.configurationModule(entries, path: [])]
    }

    /// `{"constant_value": v}`, or `{"references": […]}` for a value that refers to other
    /// resources (each reference listed as `aws_vpc.core.id` and `aws_vpc.core`, and a keyed
    /// instance's also as its containing resource, `aws_eip.nat["a"]` then `aws_eip.nat`, as
    /// Terraform does: policy checkers such as checkov link resources through that last form).
    /// A reference within the module the expression is in is written relative to it, as
    /// Terraform's module configuration writes it (`aws_vpc.core.id` inside `module.training`).
    static func expression(_ value: AttributeValue, in modulePath: [String] = []) -> AttributeValue {
        let references = value.references
        guard !references.isEmpty else { return ["constant_value": value] }
        var seen: Set<String> = []
        var list: [AttributeValue] = []
        for reference in references {
            var address = reference.address
            if !modulePath.isEmpty, address.modulePath == modulePath {
                address = ResourceAddress(type: address.type, name: address.name, key: address.key)
            }
            let containing = ResourceAddress(modulePath: address.modulePath, type: address.type, name: address.name)
            let attribute = String(reference.description.dropFirst(reference.address.description.count))
            let texts = [address.description + attribute, address.description, containing.description]
            for text in texts where seen.insert(text).inserted {
                list.append(.string(text))
            }
        }
        return ["references": .list(list)]
    }

    /// A configuration module: its resources and `module_calls` for the modules inside it.
    static func configurationModule(_ resources: [(ResourceAddress, AttributeValue)], path: [String]) -> AttributeValue
    {
        var fields: [String: AttributeValue] = [:]
        let here = resources.filter { $0.0.modulePath == path }.map(\.1)
        if !here.isEmpty { fields["resources"] = .list(here) }
        var calls: [String: AttributeValue] = [:]
        for (address, _) in resources
        where address.modulePath.count > path.count && Array(address.modulePath.prefix(path.count)) == path {
            let child = address.modulePath[path.count]
            guard calls[child] == nil else { continue }
            calls[child] = ["module": configurationModule(resources, path: path + [child])]
        }
        if !calls.isEmpty { fields["module_calls"] = .map(calls) }
        return .map(fields)
    }
}
