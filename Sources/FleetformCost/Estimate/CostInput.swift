import FleetformModel

/// One resource to price, whichever document it came from (manifest, state, one side of a plan).
struct CostInput: Sendable {
    var address: ResourceAddress
    var region: String
    var attributes: [String: AttributeValue]
    var usage: [String: Double]
    /// The cloud id, when known (state, the before side of a plan).
    var id: String?

    var type: String { address.type }

    /// The `tags` attribute's string values.
    var tags: [String: String] {
        guard let map = attributes["tags"]?.mapValue else { return [:] }
        return map.compactMapValues(\.stringValue)
    }
}

/// Finds the resources an attribute points at: by reference (manifests and plans) or by cloud id,
/// name or ARN (states, where references were resolved to ids).
struct ResourceLookup: Sendable {
    private var byAddress: [ResourceAddress: CostInput] = [:]
    private var byID: [String: ResourceAddress] = [:]
    /// Lifecycle configurations by the address of the bucket they apply to.
    private(set) var lifecycleByBucket: [ResourceAddress: [CostInput]] = [:]
    /// Replication configurations by the address of their destination bucket.
    private(set) var replicationByDestination: [ResourceAddress: [CostInput]] = [:]

    init(_ inputs: [CostInput]) {
        byAddress.reserveCapacity(inputs.count)
        // In a state, a bucket's companions (versioning, lifecycle, replication …) carry the
        // bucket's name as their id too; a name belongs to the primary resource, the one with the
        // shortest type (`aws_s3_bucket` over `aws_s3_bucket_lifecycle_configuration`).
        func claim(_ key: String, for input: CostInput) {
            if let holder = byID[key], holder.type.count <= input.type.count { return }
            byID[key] = input.address
        }
        for input in inputs {
            byAddress[input.address] = input
            if let id = input.id, !id.isEmpty { claim(id, for: input) }
            for key in ["id", "arn", "bucket", "name"] {
                if let s = input.attributes[key]?.stringValue, !s.isEmpty { claim(s, for: input) }
            }
        }
        for input in inputs {
            switch input.type {
            case "aws_s3_bucket_lifecycle_configuration":
                if let bucket = resolve(input.attributes["bucket"]) {
                    lifecycleByBucket[bucket.address, default: []].append(input)
                }
            case "aws_s3_bucket_replication_configuration":
                for destination in replicationDestinations(of: input) {
                    replicationByDestination[destination.address, default: []].append(input)
                }
            default: break
            }
        }
    }

    /// The resource an attribute value points at: a reference, or a string id, name or S3 ARN.
    func resolve(_ value: AttributeValue?) -> CostInput? {
        switch value {
        case .reference(let r)?: return byAddress[r.address]
        case .string(var s)?:
            if let address = byID[s] { return byAddress[address] }
            if s.hasPrefix("arn:aws:s3:::") { s.removeFirst("arn:aws:s3:::".count) }
            return byID[s].flatMap { byAddress[$0] }
        default: return nil
        }
    }

    /// The destination buckets of a replication configuration's rules.
    func replicationDestinations(of config: CostInput) -> [CostInput] {
        config.attributes["rule"].listOrSingle.compactMap { rule in
            resolve(rule.mapValue?["destination"].listOrSingle.first?.mapValue?["bucket"])
        }
    }
}

extension Optional where Wrapped == AttributeValue {
    /// A list attribute as a list, a single map as a one-element list (Terraform blocks are written
    /// both ways), anything else as empty.
    var listOrSingle: [AttributeValue] {
        switch self {
        case .list(let l)?: return l
        case .map(let m)?: return [.map(m)]
        default: return []
        }
    }
}

extension AttributeValue {
    /// The value at a path of map keys, taking the first element of any list on the way
    /// (`mixed_instances_policy.launch_template.launch_template_specification`).
    func path(_ keys: String...) -> AttributeValue? {
        var current: AttributeValue? = self
        for key in keys {
            if case .list(let l)? = current { current = l.first }
            current = current?.mapValue?[key]
        }
        return current
    }

    /// A number, or a string holding one (`"2"`).
    var numeric: Double? {
        switch self {
        case .number(let n): return n
        case .string(let s): return Double(s)
        default: return nil
        }
    }
}
