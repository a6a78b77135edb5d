import FleetformModel

/// How a report aggregates resources: `--group-by resource|type|region|purchase-option|tag:KEY`.
public enum CostGrouping: Hashable, Sendable, CustomStringConvertible {
    case resource
    case type
    case region
    /// Each resource's cost split over on-demand, spot and reserved.
    case purchaseOption
    /// By the value of a tag; resources without it go to `(no KEY tag)`.
    case tag(String)

    /// Parses the `--group-by` value; nil when it is none of the accepted forms.
    public init?(argument: String) {
        switch argument {
        case "resource": self = .resource
        case "type": self = .type
        case "region": self = .region
        case "purchase-option": self = .purchaseOption
        default:
            guard argument.hasPrefix("tag:"), argument.count > 4 else { return nil }
            self = .tag(String(argument.dropFirst(4)))
        }
    }

    public var description: String {
        switch self {
        case .resource: return "resource"
        case .type: return "type"
        case .region: return "region"
        case .purchaseOption: return "purchase-option"
        case .tag(let key): return "tag:" + key
        }
    }

    /// The groups of `report`, largest monthly cost first (ties by key).
    public func groups(_ report: CostReport) -> [CostGroup] {
        var groups: [String: CostGroup] = [:]
        func add(_ key: String, _ monthly: Double, _ byOption: [PurchaseOption: Double]) {
            var group = groups[key] ?? CostGroup(key: key)
            group.monthly += monthly
            group.resourceCount += 1
            for (option, amount) in byOption { group.monthlyByPurchaseOption[option, default: 0] += amount }
            groups[key] = group
        }
        for r in report.resources {
            let split = r.monthlyByPurchaseOption
            switch self {
            case .resource: add(r.address.description, r.monthly, split)
            case .type: add(r.type, r.monthly, split)
            case .region: add(r.region, r.monthly, split)
            case .tag(let key): add(r.tags[key] ?? "(no \(key) tag)", r.monthly, split)
            case .purchaseOption:
                // Only options the resource pays for: free and unpriced resources fall in no group.
                for option in PurchaseOption.allCases where split[option, default: 0] != 0 {
                    add(option.rawValue, split[option, default: 0], [option: split[option, default: 0]])
                }
            }
        }
        return groups.values.sorted { ($1.monthly, $0.key) < ($0.monthly, $1.key) }
    }
}

/// Resources aggregated under one key.
public struct CostGroup: Hashable, Sendable {
    public var key: String
    /// USD per month (unrounded).
    public var monthly: Double = 0
    public var resourceCount: Int = 0
    public var monthlyByPurchaseOption: [PurchaseOption: Double] = [:]
}
