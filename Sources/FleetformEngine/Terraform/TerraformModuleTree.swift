import FleetformModel

/// The modules of a Terraform configuration being built from manifest resources: per module path,
/// its resource blocks, the variables and outputs references across modules need, and the calls
/// of its child modules. `TerraformConfiguration` writes it out.
struct TerraformModuleTree {
    /// A call of a child module: the values it passes in and what it waits for.
    struct Call {
        var name: String
        /// Variable name → expression in the calling module.
        var inputs: [String: String] = [:]
        /// `depends_on` entries, in the calling module's terms.
        var dependsOn: Set<String> = []
    }

    /// One module's contents.
    struct Module {
        /// Type → name → resource block.
        var resources: [String: [String: AttributeValue]] = [:]
        var variables: Set<String> = []
        /// Output name → expression.
        var outputs: [String: String] = [:]
        /// Child module name → call.
        var calls: [String: Call] = [:]
        /// A value names the account (`AccountID.placeholder`): the module reads it from the
        /// `aws_caller_identity` data source.
        var readsAccount = false
    }

    /// What the account placeholder becomes in a configuration.
    static let accountExpression = "${data.aws_caller_identity.current.account_id}"

    let schema: TerraformSchema
    private(set) var modules: [[String]: Module] = [[]: Module()]

    init(schema: TerraformSchema) { self.schema = schema }

    /// Module paths, the root first, then sorted.
    var paths: [[String]] {
        modules.keys.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// Adds resources: one resource block per module, type and name; keyed addresses of one name
    /// become one block with `for_each`.
    mutating func add(_ resources: [ManifestResource]) throws(TerraformFormatError) {
        var order: [ResourceAddress] = []
        var groups: [ResourceAddress: [ManifestResource]] = [:]
        for resource in resources {
            var base = resource.address
            base.key = nil
            if groups[base] == nil { order.append(base) }
            groups[base, default: []].append(resource)
        }
        for base in order { try add(group: groups[base, default: []], at: base) }
    }

    private mutating func add(group: [ManifestResource], at base: ResourceAddress) throws(TerraformFormatError) {
        guard let typeSchema = schema.resourceTypes[base.type] else {
            throw .unknownType(base.type, provider: schema.providerDescription)
        }
        let scope = base.modulePath
        registerModule(scope)
        let first = group[0]
        guard group.allSatisfy({ $0.provider.region == first.provider.region }) else {
            throw .inexpressible(base.description, "its instances are in different regions; give them different names")
        }
        guard group.allSatisfy({ $0.lifecycle == first.lifecycle }) else {
            throw .inexpressible(base.description, "its instances have different lifecycle flags")
        }
        var body: [String: AttributeValue]
        if group.count == 1, first.address.key == nil {
            body = try renderBlock(first.attributes, typeSchema.block, scope: scope, owner: first.address)
        } else {
            guard group.allSatisfy({ $0.address.key != nil }) else {
                throw .inexpressible(base.description, "it is declared both with and without a key")
            }
            body = try renderKeyed(group, typeSchema, scope: scope, base: base)
        }
        body["provider"] = .string(TerraformConfiguration.providerReference(region: first.provider.region))
        var dependsOn: Set<String> = []
        for resource in group {
            for dependency in resource.dependsOn {
                var target = dependency
                target.key = nil
                guard target != base else { continue }
                if let entry = dependsOnEntry(target, from: scope) { dependsOn.insert(entry) }
            }
        }
        if !dependsOn.isEmpty { body["depends_on"] = .list(dependsOn.sorted().map { .string($0) }) }
        var lifecycle: [String: AttributeValue] = [:]
        if first.lifecycle.preventDestroy { lifecycle["prevent_destroy"] = true }
        if first.lifecycle.createBeforeDestroy { lifecycle["create_before_destroy"] = true }
        if !first.lifecycle.ignoreChanges.isEmpty {
            lifecycle["ignore_changes"] = .list(first.lifecycle.ignoreChanges.map { .string($0) })
        }
        if !lifecycle.isEmpty { body["lifecycle"] = .map(lifecycle) }
        modules[scope, default: Module()].resources[base.type, default: [:]][base.name] = .map(body)
    }

    /// One block for the instances of a keyed address: attributes every instance shares are
    /// written as they are, the others come from `each.value`.
    private mutating func renderKeyed(
        _ group: [ManifestResource], _ typeSchema: TerraformResourceSchema, scope: [String], base: ResourceAddress
    ) throws(TerraformFormatError) -> [String: AttributeValue] {
        let names = Set(group.flatMap(\.attributes.keys)).sorted()
        var shared: [String: AttributeValue] = [:]
        var perKey: [String: [String: AttributeValue]] = [:]
        var body: [String: AttributeValue] = [:]
        for name in names {
            let values = group.map { $0.attributes[name] ?? .null }
            if values.allSatisfy({ $0 == values[0] }) {
                shared[name] = values[0]
                continue
            }
            guard let attribute = typeSchema.block.attributes[name] else {
                throw .inexpressible(
                    base.description,
                    "its '\(name)' blocks differ between instances, which needs a dynamic block; declare the instances under different names"
                )
            }
            body[name] = .string("${each.value.\(name)}")
            for resource in group {
                perKey[Self.key(of: resource), default: [:]][name] = try value(
                    resource.attributes[name] ?? .null, attribute.type, scope: scope, owner: resource.address)
            }
        }
        body.merge(try renderBlock(shared, typeSchema.block, scope: scope, owner: base)) { each, _ in each }
        body["for_each"] = .map(
            Dictionary(
                uniqueKeysWithValues: group.map { resource in
                    let key = Self.key(of: resource)
                    return (Self.escape(key), AttributeValue.map(perKey[key] ?? [:]))
                }))
        return body
    }

    /// A block's attributes and nested blocks as Terraform JSON.
    private mutating func renderBlock(
        _ values: [String: AttributeValue], _ block: TerraformBlock, scope: [String], owner: ResourceAddress
    ) throws(TerraformFormatError) -> [String: AttributeValue] {
        var out: [String: AttributeValue] = [:]
        for (name, value) in values where value != .null {
            if let attribute = block.attributes[name] {
                out[name] = try self.value(value, attribute.type, scope: scope, owner: owner)
            } else if let nested = block.blocks[name] {
                var instances: [AttributeValue] = []
                switch value {
                case .map(let map) where nested.nesting == .map:
                    var labelled: [String: AttributeValue] = [:]
                    for (label, inner) in map {
                        labelled[Self.escape(label)] = .map(
                            try renderBlock(inner.mapValue ?? [:], nested.block, scope: scope, owner: owner))
                    }
                    out[name] = .map(labelled)
                    continue
                case .map(let map): instances = [.map(try renderBlock(map, nested.block, scope: scope, owner: owner))]
                case .list(let list):
                    for element in list {
                        guard let map = element.mapValue else {
                            throw .inexpressible(owner.description, "'\(name)' is a block but holds \(element)")
                        }
                        instances.append(.map(try renderBlock(map, nested.block, scope: scope, owner: owner)))
                    }
                default:
                    throw .inexpressible(owner.description, "'\(name)' is a block but holds \(value)")
                }
                out[name] = nested.isObject && instances.count == 1 ? instances[0] : .list(instances)
            } else {
                throw .inexpressible(
                    owner.description, "the provider has no attribute '\(name)' (run fleetform validate)")
            }
        }
        return out
    }

    /// An attribute value as a Terraform JSON expression of `type`: strings escaped as templates,
    /// references as interpolations, objects with every key.
    private mutating func value(
        _ value: AttributeValue, _ type: TerraformValueType, scope: [String], owner: ResourceAddress
    ) throws(TerraformFormatError) -> AttributeValue {
        switch (value, type) {
        case (.reference(let reference), _):
            return .string("${" + expression(reference, from: scope) + "}")
        case (.unknown, _):
            throw .inexpressible(owner.description, "it holds a value known only after apply")
        case (.string(let text), _):
            guard text.contains(AccountID.placeholder) else { return .string(Self.escape(text)) }
            modules[scope, default: Module()].readsAccount = true
            return .string(
                text.split(separator: AccountID.placeholder, omittingEmptySubsequences: false).map {
                    Self.escape(String($0))
                }.joined(separator: Self.accountExpression))
        case (.list(let list), .list(let element)), (.list(let list), .set(let element)):
            var out: [AttributeValue] = []
            for item in list { out.append(try self.value(item, element, scope: scope, owner: owner)) }
            return .list(out)
        case (.map(let map), .object(let attributes)):
            var out: [String: AttributeValue] = [:]
            for (key, kind) in attributes {
                out[key] = try self.value(map[key] ?? .null, kind, scope: scope, owner: owner)
            }
            return .map(out)
        case (.map(let map), .map(let element)):
            var out: [String: AttributeValue] = [:]
            for (key, item) in map { out[Self.escape(key)] = try self.value(item, element, scope: scope, owner: owner) }
            return .map(out)
        case (.list(let list), _):
            var out: [AttributeValue] = []
            for item in list { out.append(try self.value(item, .dynamic, scope: scope, owner: owner)) }
            return .list(out)
        case (.map(let map), _):
            var out: [String: AttributeValue] = [:]
            for (key, item) in map {
                out[Self.escape(key)] = try self.value(item, .dynamic, scope: scope, owner: owner)
            }
            return .map(out)
        default: return value
        }
    }

    /// The key of a resource in a keyed group (grouped because it has one).
    private static func key(of resource: ManifestResource) -> String {
        guard let key = resource.address.key else { preconditionFailure("a keyed group holds keyed addresses") }
        return key
    }

    // MARK: - Scopes

    /// Makes sure the module at `path` and its ancestors exist, each called by its parent.
    private mutating func registerModule(_ path: [String]) {
        guard let name = path.last, modules[path] == nil else { return }
        modules[path] = Module()
        let parent = Array(path.dropLast())
        registerModule(parent)
        if modules[parent, default: Module()].calls[name] == nil {
            modules[parent, default: Module()].calls[name] = Call(name: name)
        }
    }

    /// `reference` as an expression in the module at `scope`: direct in its own module, else an
    /// output of each module on the way up and a variable of each on the way down.
    mutating func expression(_ reference: ResourceReference, from scope: [String]) -> String {
        let target = reference.address.modulePath
        registerModule(target)
        let common = Array(zip(scope, target).prefix { $0 == $1 }.map(\.0))
        var local = reference.address
        local.modulePath = []
        var expression = Self.traversal(local) + "." + reference.attribute
        let name = Self.exportName(reference)
        var level = target
        while let module = level.last, level.count > common.count {
            modules[level, default: Module()].outputs[name] = expression
            expression = "module.\(module).\(name)"
            level.removeLast()
        }
        for child in scope.dropFirst(common.count) {
            modules[level, default: Module()].calls[child, default: Call(name: child)].inputs[name] = expression
            level.append(child)
            modules[level, default: Module()].variables.insert(name)
            expression = "var.\(name)"
        }
        return expression
    }

    /// A `depends_on` entry for `target` in the module at `scope`, or nil when the dependency goes
    /// on the call of the module holding `scope` instead (the target lies outside it).
    private mutating func dependsOnEntry(_ target: ResourceAddress, from scope: [String]) -> String? {
        registerModule(target.modulePath)
        let common = Array(zip(scope, target.modulePath).prefix { $0 == $1 }.map(\.0))
        let inCommon =
            target.modulePath.count == common.count
            ? "\(target.type).\(target.name)" : "module.\(target.modulePath[common.count])"
        if common.count == scope.count { return inCommon }
        let child = scope[common.count]
        modules[common, default: Module()].calls[child, default: Call(name: child)].dependsOn.insert(inCommon)
        return nil
    }

    /// `aws_subnet.core["us-east-1a"]` (no module path).
    static func traversal(_ address: ResourceAddress) -> String {
        var text = "\(address.type).\(address.name)"
        if let key = address.key {
            text += "[\"" + key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\"]"
        }
        return text
    }

    /// The variable and output name a reference travels under: `aws_subnet__core__us-east-1a__id`.
    static func exportName(_ reference: ResourceReference) -> String {
        let parts =
            [reference.address.type, reference.address.name] + (reference.address.key.map { [$0] } ?? []) + [
                reference.attribute
            ]
        let raw = parts.joined(separator: "__")
        return String(raw.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
    }

    /// A literal string as a Terraform template: `${` and `%{` doubled.
    static func escape(_ text: String) -> String {
        guard text.contains("{") else { return text }
        return text.replacing("${", with: "$${").replacing("%{", with: "%%{")
    }
}
