import FleetformModel

/// How the model's small value types are stored, shared by the state, manifest and plan files.
extension StoredDocument {
    func provider(_ key: String) throws(FileFormatError) -> ProviderConfig {
        let object = try object(key)
        return ProviderConfig(name: try object.optionalString("name") ?? "aws", region: try object.string("region"))
    }

    func lifecycle(_ key: String) throws(FileFormatError) -> Lifecycle {
        guard let object = try optionalObject(key) else { return .default }
        return Lifecycle(
            preventDestroy: try object.bool("prevent_destroy", default: false),
            createBeforeDestroy: try object.bool("create_before_destroy", default: false),
            ignoreChanges: try object.strings("ignore_changes"),
            retainOnDestroy: try object.bool("retain_on_destroy", default: false))
    }

    /// A record's declared metadata, stored beside its other fields (state resources, journal intents).
    func declared() throws(FileFormatError) -> DeclaredMetadata {
        DeclaredMetadata(
            dependencies: try addresses("dependencies"), lifecycle: try lifecycle("lifecycle"),
            sensitive: try strings("sensitive"), usage: try numbers("usage"))
    }

    func sourceLocation(_ key: String) throws(FileFormatError) -> SourceLocation? {
        guard let object = try optionalObject(key) else { return nil }
        return SourceLocation(file: try object.string("file"), line: try object.int("line"))
    }

    /// A declared resource, as manifest files and saved plans store it.
    func manifestResource() throws(FileFormatError) -> ManifestResource {
        ManifestResource(
            address: try address("address"), provider: try provider("provider"), attributes: try map("attributes"),
            dependsOn: try addresses("depends_on"), lifecycle: try lifecycle("lifecycle"),
            sensitive: try strings("sensitive"), usage: try numbers("usage"), source: try sourceLocation("source"))
    }

    func diagnostic() throws(FileFormatError) -> Diagnostic {
        let severity = try string("severity")
        guard let parsed = Diagnostic.Severity(rawValue: severity) else {
            throw invalid("severity", "error or warning")
        }
        let address = try optionalString("address")
        return Diagnostic(
            parsed, try string("message"), hint: try optionalString("hint"), at: try sourceLocation("location"),
            address: address.flatMap(ResourceAddress.init(parsing:)))
    }
}

/// Encoders for the same types: omit what is empty or default, so files stay small and stable.
enum StoredValue {
    static func provider(_ provider: ProviderConfig) -> AttributeValue {
        ["name": .string(provider.name), "region": .string(provider.region)]
    }

    static func lifecycle(_ lifecycle: Lifecycle) -> AttributeValue? {
        guard lifecycle != .default else { return nil }
        var fields: [String: AttributeValue] = [:]
        if lifecycle.preventDestroy { fields["prevent_destroy"] = true }
        if lifecycle.createBeforeDestroy { fields["create_before_destroy"] = true }
        if !lifecycle.ignoreChanges.isEmpty { fields["ignore_changes"] = strings(lifecycle.ignoreChanges) }
        if lifecycle.retainOnDestroy { fields["retain_on_destroy"] = true }
        return .map(fields)
    }

    /// The fields of a record's declared metadata; empty and default ones nil.
    static func declared(_ declared: DeclaredMetadata) -> [(String, AttributeValue?)] {
        [
            ("dependencies", declared.dependencies.isEmpty ? nil : addresses(declared.dependencies)),
            ("lifecycle", lifecycle(declared.lifecycle)),
            ("sensitive", declared.sensitive.isEmpty ? nil : strings(declared.sensitive)),
            ("usage", declared.usage.isEmpty ? nil : numbers(declared.usage)),
        ]
    }

    static func source(_ location: SourceLocation?) -> AttributeValue? {
        location.map { ["file": .string($0.file), "line": .number(Double($0.line))] }
    }

    static func strings(_ values: [String]) -> AttributeValue { .list(values.map(AttributeValue.string)) }

    static func addresses(_ values: [ResourceAddress]) -> AttributeValue {
        .list(values.map { .string($0.description) })
    }

    static func numbers(_ values: [String: Double]) -> AttributeValue { .map(values.mapValues(AttributeValue.number)) }

    /// `fields` with nil values and empty lists and maps dropped, as an object.
    static func compact(_ fields: [String: AttributeValue?]) -> AttributeValue { .map(compactFields(fields)) }

    /// `fields` with nil values and empty lists and maps dropped.
    static func compactFields(_ fields: [String: AttributeValue?]) -> [String: AttributeValue] {
        var result: [String: AttributeValue] = [:]
        for (key, value) in fields {
            switch value {
            case nil: continue
            case .list(let l)? where l.isEmpty: continue
            case .map(let m)? where m.isEmpty: continue
            case let value?: result[key] = value
            }
        }
        return result
    }

    static func manifestResource(_ resource: ManifestResource) -> AttributeValue {
        compact([
            "address": .string(resource.address.description), "type": .string(resource.type),
            "provider": provider(resource.provider), "attributes": .map(resource.attributes),
            "depends_on": addresses(resource.dependsOn), "lifecycle": lifecycle(resource.lifecycle),
            "sensitive": strings(resource.sensitive), "usage": numbers(resource.usage),
            "source": source(resource.source),
        ])
    }

    static func diagnostic(_ diagnostic: Diagnostic) -> AttributeValue {
        compact([
            "severity": .string(diagnostic.severity.rawValue), "message": .string(diagnostic.message),
            "hint": diagnostic.hint.map(AttributeValue.string), "location": source(diagnostic.location),
            "address": diagnostic.address.map { .string($0.description) },
        ])
    }
}
