import FleetformModel

extension TerraformState {
    /// The Terraform version a written state claims: old enough for any Terraform 1.x to read it
    /// (a state claiming a newer Terraform than the one running is refused); Terraform records its
    /// own on its next write.
    public static let writtenTerraformVersion = "1.5.0"

    /// `state` as a format-4 Terraform state that, with the configuration `TerraformConfiguration`
    /// writes for the same stack, makes `terraform plan` find nothing to change: the same
    /// addresses (keys as `index_key`, module paths as `module`), the provider configuration of
    /// each resource's region, each type's `schema_version`, and attributes shaped by the schema —
    /// every attribute present (null when Fleetform does not know it, the provider's default for
    /// arguments only Terraform keeps), blocks as lists of objects, values converted to their
    /// declared types. `terraformID` gives the id Terraform's provider uses for a resource (most
    /// are Fleetform's own).
    ///
    /// ```swift
    /// let exported = try TerraformState(exporting: state, schema: schema) { $0.id }
    /// try exported.encode().write(to: "terraform.tfstate")
    /// ```
    public init(
        exporting state: State, schema: TerraformSchema, terraformID: (ResourceState) -> String
    ) throws(TerraformFormatError) {
        var order: [ResourceAddress] = []
        var groups: [ResourceAddress: [ResourceState]] = [:]
        for resource in state.sortedResources {
            var base = resource.address
            base.key = nil
            if groups[base] == nil { order.append(base) }
            groups[base, default: []].append(resource)
        }
        var resources: [Resource] = []
        for base in order {
            let group = groups[base, default: []]
            guard let typeSchema = schema.resourceTypes[base.type] else {
                throw .unknownType(base.type, provider: schema.providerDescription)
            }
            let region = group[0].provider.region
            guard group.allSatisfy({ $0.provider.region == region }) else {
                throw .inexpressible(base.description, "its instances are in different regions")
            }
            let instances = group.map { resource in
                var attributes = TerraformValues.conform(
                    resource.attributes, to: typeSchema.block, defaults: typeSchema.defaults)
                attributes["id"] = .string(terraformID(resource))
                let dependencies = Set(
                    resource.dependencies.map { dependency -> String in
                        var target = dependency
                        target.key = nil
                        return target.description
                    }
                ).subtracting([base.description]).sorted()
                return Instance(
                    key: resource.address.key.map(Instance.Key.string), schemaVersion: typeSchema.version,
                    attributes: attributes, dependencies: dependencies)
            }
            resources.append(
                Resource(
                    modulePath: base.modulePath, type: base.type, name: base.name,
                    provider: "provider[\"\(schema.provider)\"].\(region)", instances: instances))
        }
        self.init(
            terraformVersion: Self.writtenTerraformVersion, serial: max(1, state.serial), lineage: state.lineage,
            resources: resources)
    }
}
