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

    /// The `tags` attribute's string values, or the `key`/`value` of `tag` blocks (an Auto
    /// Scaling group's).
    var tags: [String: String] {
        if let map = attributes["tags"]?.mapValue { return map.compactMapValues(\.stringValue) }
        var tags: [String: String] = [:]
        for block in attributes["tag"]?.listValue ?? [] {
            guard let key = block.mapValue?["key"]?.stringValue else { continue }
            tags[key] = block.mapValue?["value"]?.stringValue ?? ""
        }
        return tags
    }
}

/// Finds the resources an attribute points at: by reference (manifests and plans) or by cloud id,
/// name or ARN (states, where references were resolved to ids).
struct ResourceLookup: Sendable {
    private let inputs: [CostInput]
    /// Positions in `inputs`: an index is cheaper to store than a copy of the input.
    private var byAddress: [ResourceAddress: Int] = [:]
    private var byID: [String: Int] = [:]
    /// Lifecycle configurations by the address of the bucket they apply to.
    private(set) var lifecycleByBucket: [ResourceAddress: [CostInput]] = [:]
    /// Replication configurations by the address of their destination bucket.
    private(set) var replicationByDestination: [ResourceAddress: [CostInput]] = [:]

    /// The types prices look up by cloud id, name or ARN (a pool's launch template and subnets,
    /// a companion's bucket); only these are indexed by id.
    static let idTargets: Set<String> = ["aws_launch_template", "aws_subnet", "aws_s3_bucket"]

    init(_ inputs: [CostInput]) {
        self.inputs = inputs
        byAddress.reserveCapacity(inputs.count)
        // A name shared by two resources belongs to the one with the shortest type.
        func claim(_ key: String, for index: Int) {
            if let holder = byID[key], inputs[holder].type.count <= inputs[index].type.count { return }
            byID[key] = index
        }
        for index in inputs.indices {
            byAddress[inputs[index].address] = index
            guard Self.idTargets.contains(inputs[index].type) else { continue }
            if let id = inputs[index].id, !id.isEmpty { claim(id, for: index) }
            for key in ["id", "arn", "bucket", "name"] {
                if let s = inputs[index].attributes[key]?.stringValue, !s.isEmpty { claim(s, for: index) }
            }
        }
        for index in inputs.indices {
            switch inputs[index].type {
            case "aws_s3_bucket_lifecycle_configuration":
                if let bucket = resolve(inputs[index].attributes["bucket"]) {
                    lifecycleByBucket[bucket.address, default: []].append(inputs[index])
                }
            case "aws_s3_bucket_replication_configuration":
                for destination in replicationDestinations(of: inputs[index]) {
                    replicationByDestination[destination.address, default: []].append(inputs[index])
                }
            default: break
            }
        }
    }

    /// The resource an attribute value points at: a reference, or a string id, name or S3 ARN.
    func resolve(_ value: AttributeValue?) -> CostInput? {
        switch value {
        case .reference(let r)?: return byAddress[r.address].map { inputs[$0] }
        case .string(var s)?:
            if let index = byID[s] { return inputs[index] }
            if s.hasPrefix("arn:aws:s3:::") { s.removeFirst("arn:aws:s3:::".count) }
            return byID[s].map { inputs[$0] }
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
