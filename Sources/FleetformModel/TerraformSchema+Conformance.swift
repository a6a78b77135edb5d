/// One way a resource's declared attributes depart from its type's Terraform schema: an unknown
/// attribute, a value of the wrong type, a missing required argument, an attribute only the
/// provider sets, a block given the wrong number of times, a reference to an attribute the
/// referenced type does not have, or a deprecated attribute (a warning).
public struct SchemaProblem: Hashable, Sendable {
    public var severity: Diagnostic.Severity
    /// Where in the resource: `mixed_instances_policy.launch_template.override[1].instance_type`.
    public var path: String
    /// What is wrong.
    public var message: String
    /// How to fix it (a "did you mean", the expected type).
    public var hint: String?

    /// A problem at `path`.
    public init(_ severity: Diagnostic.Severity = .error, path: String, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.hint = hint
    }
}

extension TerraformResourceSchema {
    /// What in `attributes` (a manifest resource's, Terraform names) does not conform to this
    /// schema, sorted by path. A nested block may be written as a map or a list of maps; a
    /// `null` value means "not set"; unknown values are not checked; a reference is checked
    /// against the schema of the type it points at, when `schemas` has it. An object attribute
    /// may leave keys out (they are null), as a Terraform block may.
    ///
    /// ```swift
    /// schema.problems(in: ["name": "sg", "ingres": []], schemas: all)
    /// // [SchemaProblem(path: "ingres", "unknown attribute 'ingres' of aws_security_group", hint: "did you mean ingress?")]
    /// ```
    public func problems(
        in attributes: [String: AttributeValue], schemas: [String: TerraformResourceSchema] = [:]
    ) -> [SchemaProblem] {
        var checker = ConformanceCheck(type: type, schemas: schemas)
        checker.check(attributes, against: block, path: { "" })
        // Dictionaries have no order: sort, so the same mistakes always read the same.
        return checker.problems.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
    }
}

/// The walk behind `TerraformResourceSchema.problems(in:schemas:)`. It runs for every resource of
/// every manifest (100,000 on a big stack), so paths are built only for problems: a path is a
/// closure that makes the text when a message needs it.
private struct ConformanceCheck {
    let type: String
    let schemas: [String: TerraformResourceSchema]
    var problems: [SchemaProblem] = []

    /// `path.name`, or `name` at the top.
    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    mutating func check(_ values: [String: AttributeValue], against block: TerraformBlock, path: () -> String) {
        for (name, value) in values {
            if let attribute = block.attributes[name] {
                guard value != .null else { continue }
                if attribute.isReadOnly {
                    let here = Self.join(path(), name)
                    problems.append(
                        SchemaProblem(
                            path: here, "'\(here)' is set by the provider and cannot be declared",
                            hint: "remove it; refer to it as a reference instead"))
                    continue
                }
                if attribute.isDeprecated {
                    let here = Self.join(path(), name)
                    problems.append(
                        SchemaProblem(
                            .warning, path: here, "'\(here)' is deprecated by the provider",
                            hint: "use its replacement (see the provider's documentation of \(type))"))
                }
                checkValue(value, attribute.type, path: { Self.join(path(), name) })
            } else if let nested = block.blocks[name] {
                checkBlock(value, nested, path: { Self.join(path(), name) })
            } else {
                let at = path()
                problems.append(
                    SchemaProblem(
                        path: Self.join(at, name), "unknown attribute '\(name)'\(Self.owner(at))",
                        hint: Self.suggestion(for: name, among: block.names)))
            }
        }
        for name in block.requiredAttributes where values[name] == nil || values[name] == .null {
            guard let attribute = block.attributes[name] else { continue }
            let at = path()
            problems.append(
                SchemaProblem(
                    path: Self.join(at, name), "missing required attribute '\(name)'\(Self.owner(at))",
                    hint: "set \"\(name)\" to \(Self.noun(attribute.type))"))
        }
        for name in block.requiredBlocks where values[name] == nil || values[name] == .null {
            guard let needed = block.blocks[name]?.minItems else { continue }
            let at = path()
            problems.append(
                SchemaProblem(
                    path: Self.join(at, name), "missing required block '\(name)'\(Self.owner(at))",
                    hint: "add \"\(name)\" with at least \(needed) block\(needed == 1 ? "" : "s")"))
        }
    }

    /// ` in block 'x'` for a nested block, nothing at the top.
    private static func owner(_ path: String) -> String { path.isEmpty ? "" : " in block '\(path)'" }

    private mutating func checkBlock(_ value: AttributeValue, _ nested: TerraformNestedBlock, path: () -> String) {
        if nested.isDeprecated, value != .null {
            let here = path()
            problems.append(
                SchemaProblem(
                    .warning, path: here, "block '\(here)' is deprecated by the provider",
                    hint: "use its replacement (see the provider's documentation of \(type))"))
        }
        switch value {
        case .null: return
        case .map(let map) where nested.nesting == .map:
            for (key, inner) in map {
                guard let values = inner.mapValue else { return blockShape(path(), nested) }
                check(values, against: nested.block, path: { "\(path())[\"\(key)\"]" })
            }
        case .map(let map):
            check(map, against: nested.block, path: path)
        case .list(let list):
            let limit = nested.isObject ? 1 : nested.maxItems
            if limit > 0, list.count > limit {
                let here = path()
                problems.append(
                    SchemaProblem(
                        path: here, "block '\(here)' appears \(list.count) times, at most \(limit) allowed",
                        hint: "keep \(limit == 1 ? "one block" : "at most \(limit) blocks")"))
            }
            if list.count < nested.minItems {
                let here = path()
                problems.append(
                    SchemaProblem(
                        path: here, "block '\(here)' appears \(list.count) times, at least \(nested.minItems) needed",
                        hint: "add \(nested.minItems - list.count) more"))
            }
            for (index, element) in list.enumerated() {
                guard let values = element.mapValue else { return blockShape(path(), nested) }
                if nested.isObject && list.count == 1 {
                    check(values, against: nested.block, path: path)
                } else {
                    check(values, against: nested.block, path: { "\(path())[\(index)]" })
                }
            }
        default: blockShape(path(), nested)
        }
    }

    private mutating func blockShape(_ path: String, _ nested: TerraformNestedBlock) {
        problems.append(
            SchemaProblem(
                path: path,
                "'\(path)' is a block and must be a map of its attributes"
                    + (nested.isObject ? "" : " or a list of such maps"),
                hint: "write it as [\"key\": value, …]" + (nested.isObject ? "" : " or [[…], […]]")))
    }

    private mutating func checkValue(_ value: AttributeValue, _ type: TerraformValueType, path: () -> String) {
        switch (type, value) {
        case (_, .null), (_, .unknown), (.dynamic, _): return
        case (_, .reference(let reference)): checkReference(reference, path: path)
        case (.string, .string), (.string, .number), (.string, .bool): return
        case (.number, .number): return
        case (.number, .string(let text)) where Double(text) != nil: return
        case (.bool, .bool): return
        case (.bool, .string(let text)) where text == "true" || text == "false": return
        case (.list(let element), .list(let list)), (.set(let element), .list(let list)):
            for (index, item) in list.enumerated() { checkValue(item, element, path: { "\(path())[\(index)]" }) }
        case (.tuple(let elements), .list(let list)) where elements.count == list.count:
            for (index, item) in list.enumerated() {
                checkValue(item, elements[index], path: { "\(path())[\(index)]" })
            }
        case (.map(let element), .map(let map)):
            for (key, item) in map { checkValue(item, element, path: { "\(path())[\"\(key)\"]" }) }
        case (.object(let attributes), .map(let map)):
            for (key, item) in map {
                if let inner = attributes[key] {
                    checkValue(item, inner, path: { path() + "." + key })
                } else {
                    let here = path()
                    problems.append(
                        SchemaProblem(
                            path: here + "." + key, "unknown attribute '\(key)' in '\(here)'",
                            hint: Self.suggestion(for: key, among: attributes.keys.sorted())))
                }
            }
        default:
            let here = path()
            problems.append(
                SchemaProblem(
                    path: here, "'\(here)' must be \(Self.noun(type)), not \(Self.describe(value))",
                    hint: "the provider's type is \(type)"))
        }
    }

    private mutating func checkReference(_ reference: ResourceReference, path: () -> String) {
        guard let target = schemas[reference.address.type] else { return }
        if target.block.attributes[reference.attribute] != nil { return }
        let attribute = String(reference.attribute.prefix { $0 != "." && $0 != "[" })
        guard target.block.attributes[attribute] == nil, target.block.blocks[attribute] == nil else { return }
        let here = path()
        problems.append(
            SchemaProblem(
                path: here,
                "'\(here)' refers to \(reference), but \(reference.address.type) has no attribute '\(attribute)'",
                hint: Self.suggestion(for: attribute, among: target.block.names)))
    }

    /// "did you mean …?" for the names closest to `name`, or what the names are when none is close.
    static func suggestion(for name: String, among names: [String]) -> String {
        let cutoff = max(2, name.count / 3)
        var scored: [(name: String, distance: Int)] = []
        for candidate in names {
            let distance = editDistance(candidate, name)
            let prefix = name.count >= 4 && (candidate.hasPrefix(name) || name.hasPrefix(candidate))
            if distance <= cutoff || prefix { scored.append((candidate, distance)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        let close = scored.prefix(3).map(\.name)
        if !close.isEmpty { return "did you mean \(close.joined(separator: ", "))?" }
        let listed = names.prefix(12).joined(separator: ", ")
        return "the attributes are: \(listed)\(names.count > 12 ? ", …" : "")"
    }

    /// What a value of `type` is, for messages: "a number", "a list of strings".
    static func noun(_ type: TerraformValueType) -> String {
        switch type {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true or false"
        case .dynamic: return "any value"
        case .list(let element), .set(let element): return "a list of \(plural(element))"
        case .map(let element): return "a map of \(plural(element))"
        case .object(let attributes): return "a map with keys " + attributes.keys.sorted().joined(separator: ", ")
        case .tuple(let elements): return "a list of \(elements.count) values"
        }
    }

    private static func plural(_ type: TerraformValueType) -> String {
        switch type {
        case .string: return "strings"
        case .number: return "numbers"
        case .bool: return "bools"
        case .object: return "maps"
        default: return "values of type \(type)"
        }
    }

    /// A value as messages describe it: `a string ("ten")`, `a list`.
    static func describe(_ value: AttributeValue) -> String {
        switch value {
        case .string(let text): return "a string (\"\(text.count > 40 ? text.prefix(40) + "…" : text)\")"
        case .number(let number): return "a number (\(AttributeValue.format(number)))"
        case .bool(let flag): return "a bool (\(flag))"
        case .list: return "a list"
        case .map: return "a map"
        case .null: return "null"
        case .reference(let reference): return "a reference (\(reference))"
        case .unknown: return "an unknown value"
        }
    }
}
