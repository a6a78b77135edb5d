import FleetformModel

/// One call a declaration makes: the operation, the input members beside the declaration's fields,
/// which fields go in, and what to keep from the answer for later calls of the same step.
///
/// ```swift
/// APICall(APIOperation(.ec2, "ModifyFleet"), ["FleetId": .id], fields: ["target_capacity_specification"])
/// ```
struct APICall: Sendable {
    /// Which of the declaration's fields the input carries.
    enum Fields: Sendable, ExpressibleByArrayLiteral {
        /// None: the input is `input` alone.
        case none
        /// Every field with a wire name.
        case all
        /// The named fields.
        case named([String])

        init(arrayLiteral elements: String...) { self = .named(elements) }

        func includes(_ attribute: String) -> Bool {
            switch self {
            case .none: return false
            case .all: return true
            case .named(let names): return names.contains(attribute)
            }
        }
    }

    var operation: APIOperation
    var input: [String: InputValue]
    var fields: Fields
    /// Output name → path in the answer (`version` → `launchTemplateVersion/versionNumber`).
    var outputs: [String: String]
    /// The call is sent only when its input has this member (a detach with nothing to detach is skipped).
    var onlyWith: String?

    init(
        _ operation: APIOperation, _ input: [String: InputValue] = [:], fields: Fields = .none,
        outputs: [String: String] = [:], onlyWith: String? = nil
    ) {
        self.operation = operation
        self.input = input
        self.fields = fields
        self.outputs = outputs
        self.onlyWith = onlyWith
    }
}

extension APICall {
    /// The call's input: the selected fields from the declared attributes, then `input`'s members
    /// (which win on a clash). `only` narrows the fields further (members of changed attributes).
    func makeInput(_ context: InputContext, fields all: [AttributeField], only: Set<String>? = nil) throws
        -> [String: AttributeValue]
    {
        var result: [String: AttributeValue] = [:]
        for field in all where fields.includes(field.attribute) && (only?.contains(field.attribute) ?? true) {
            try field.write(from: context.declared, into: &result, owner: context.type)
        }
        for (wire, value) in input {
            if let resolved = try value.resolve(context, fields: all) {
                AttributeField.set(resolved, at: wire, in: &result)
            }
        }
        return result
    }
}
