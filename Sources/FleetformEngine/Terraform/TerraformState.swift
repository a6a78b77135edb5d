import FleetformModel

/// A Terraform state of format 4 (every Terraform 0.12 to 1.x writes it), as far as moving
/// between Terraform and Fleetform needs: its lineage and serial, and per managed resource its
/// module, type, name, provider configuration and instances (index key, schema version,
/// attributes, dependencies). Outputs and check results are not kept.
///
/// ```swift
/// let state = try TerraformState.decode(bytes, file: "terraform.tfstate")
/// state.instances.map(\.address)   // ["aws_vpc.core", "aws_subnet.core[\"us-east-1a\"]", …]
/// ```
public struct TerraformState: Hashable, Sendable {
    /// The only format read and written.
    public static let version = 4

    public var terraformVersion: String
    public var serial: Int
    public var lineage: String
    public var resources: [Resource]

    /// A state of `resources`.
    public init(terraformVersion: String, serial: Int, lineage: String, resources: [Resource]) {
        self.terraformVersion = terraformVersion
        self.serial = serial
        self.lineage = lineage
        self.resources = resources
    }

    /// One resource block: every instance of one address.
    public struct Resource: Hashable, Sendable {
        /// Module names from the root (`["ranking"]` for `module.ranking`).
        public var modulePath: [String]
        /// `managed` or `data`.
        public var mode: String
        public var type: String
        public var name: String
        /// The provider configuration: `provider["registry.terraform.io/hashicorp/aws"].us-east-1`.
        public var provider: String
        public var instances: [Instance]

        /// A resource block.
        public init(
            modulePath: [String], mode: String = "managed", type: String, name: String, provider: String,
            instances: [Instance]
        ) {
            self.modulePath = modulePath
            self.mode = mode
            self.type = type
            self.name = name
            self.provider = provider
            self.instances = instances
        }
    }

    /// One instance of a resource.
    public struct Instance: Hashable, Sendable {
        /// Where `for_each` or `count` put it: a string key, or a number.
        public enum Key: Hashable, Sendable {
            case string(String)
            case index(Int)
        }

        public var key: Key?
        public var schemaVersion: Int
        /// The attributes, as the provider's schema shapes them (`id` among them).
        public var attributes: [String: AttributeValue]
        /// Addresses of what it depends on (`aws_vpc.core`, `module.x.aws_s3_bucket.y`).
        public var dependencies: [String]

        /// An instance.
        public init(
            key: Key? = nil, schemaVersion: Int, attributes: [String: AttributeValue], dependencies: [String] = []
        ) {
            self.key = key
            self.schemaVersion = schemaVersion
            self.attributes = attributes
            self.dependencies = dependencies
        }
    }

    /// A managed instance with its address, as Terraform prints it (`aws_subnet.core["a"]`, `aws_instance.web[0]`).
    public struct AddressedInstance: Hashable, Sendable {
        public var resource: Resource
        public var instance: Instance

        /// Terraform's address of the instance.
        public var address: String {
            var text = resource.modulePath.map { "module.\($0)." }.joined() + "\(resource.type).\(resource.name)"
            switch instance.key {
            case .string(let key)?: text += "[\"\(key)\"]"
            case .index(let index)?: text += "[\(index)]"
            case nil: break
            }
            return text
        }

        /// The Fleetform address of the same name: a number index becomes a string key (`[0]` → `["0"]`).
        public var fleetformAddress: ResourceAddress {
            let key: String?
            switch instance.key {
            case .string(let text)?: key = text
            case .index(let index)?: key = String(index)
            case nil: key = nil
            }
            return ResourceAddress(modulePath: resource.modulePath, type: resource.type, name: resource.name, key: key)
        }

        /// The `id` attribute.
        public var id: String? { instance.attributes["id"]?.stringValue }
    }

    /// Every managed instance (data sources left out), in the state's order.
    public var instances: [AddressedInstance] {
        resources.filter { $0.mode == "managed" }.flatMap { resource in
            resource.instances.map { AddressedInstance(resource: resource, instance: $0) }
        }
    }
}

extension TerraformState {
    /// Reads a state file's bytes; refuses anything but format 4. `file` names it in errors.
    public static func decode(_ bytes: some Collection<UInt8>, file: String) throws(TerraformFormatError)
        -> TerraformState
    {
        let document: AttributeValue
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            throw .unreadableState(file: file, "\(error.message) at line \(error.line), column \(error.column)")
        }
        guard let root = document.mapValue else { throw .unreadableState(file: file, "it is not a JSON object") }
        guard let version = root["version"]?.intValue else {
            throw .unreadableState(file: file, "it has no numeric \"version\" (is it a Terraform state?)")
        }
        guard version == Self.version else { throw .stateVersion(file: file, found: version) }
        var resources: [Resource] = []
        for (n, entry) in (root["resources"]?.listValue ?? []).enumerated() {
            guard let fields = entry.mapValue, let type = fields["type"]?.stringValue,
                let name = fields["name"]?.stringValue
            else { throw .unreadableState(file: file, "resources[\(n)] has no type or name") }
            let modulePath = try modulePath(fields["module"]?.stringValue, file: file)
            var instances: [Instance] = []
            for (i, value) in (fields["instances"]?.listValue ?? []).enumerated() {
                guard let instance = value.mapValue else {
                    throw .unreadableState(file: file, "resources[\(n)].instances[\(i)] is not an object")
                }
                let key: Instance.Key?
                switch instance["index_key"] {
                case .string(let text)?: key = .string(text)
                case .number?: key = instance["index_key"]?.intValue.map(Instance.Key.index)
                default: key = nil
                }
                instances.append(
                    Instance(
                        key: key, schemaVersion: instance["schema_version"]?.intValue ?? 0,
                        attributes: instance["attributes"]?.mapValue ?? [:],
                        dependencies: instance["dependencies"]?.listValue?.compactMap(\.stringValue) ?? []))
            }
            resources.append(
                Resource(
                    modulePath: modulePath, mode: fields["mode"]?.stringValue ?? "managed", type: type, name: name,
                    provider: fields["provider"]?.stringValue ?? "", instances: instances))
        }
        return TerraformState(
            terraformVersion: root["terraform_version"]?.stringValue ?? "", serial: root["serial"]?.intValue ?? 0,
            lineage: root["lineage"]?.stringValue ?? "", resources: resources)
    }

    /// `module.a.module.b` → `["a", "b"]` (module instance keys are not supported).
    private static func modulePath(_ text: String?, file: String) throws(TerraformFormatError) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        let parts = text.split(separator: ".").map(String.init)
        guard parts.count % 2 == 0, stride(from: 0, to: parts.count, by: 2).allSatisfy({ parts[$0] == "module" }),
            !text.contains("[")
        else {
            throw .unreadableState(
                file: file,
                "module address '\(text)' has module instance keys (count or for_each on a module), which Fleetform's addresses cannot hold"
            )
        }
        return stride(from: 1, to: parts.count, by: 2).map { parts[$0] }
    }

    /// The state as the bytes of a `.tfstate` file (keys sorted, two-space indents).
    public func encode() -> [UInt8] {
        let resources: [AttributeValue] = resources.map { resource in
            var fields: [String: AttributeValue] = [
                "mode": .string(resource.mode), "type": .string(resource.type), "name": .string(resource.name),
                "provider": .string(resource.provider),
                "instances": .list(
                    resource.instances.map { instance in
                        var entry: [String: AttributeValue] = [
                            "schema_version": .number(Double(instance.schemaVersion)),
                            "attributes": .map(instance.attributes), "sensitive_attributes": [],
                        ]
                        switch instance.key {
                        case .string(let key)?: entry["index_key"] = .string(key)
                        case .index(let index)?: entry["index_key"] = .number(Double(index))
                        case nil: break
                        }
                        if !instance.dependencies.isEmpty {
                            entry["dependencies"] = .list(instance.dependencies.map { .string($0) })
                        }
                        return .map(entry)
                    }),
            ]
            if !resource.modulePath.isEmpty {
                fields["module"] = .string(resource.modulePath.map { "module." + $0 }.joined(separator: "."))
            }
            return .map(fields)
        }
        let document: AttributeValue = [
            "version": .number(Double(Self.version)), "terraform_version": .string(terraformVersion),
            "serial": .number(Double(serial)), "lineage": .string(lineage), "outputs": [:],
            "resources": .list(resources), "check_results": .null,
        ]
        return JSONWriter.encode(document)
    }
}
