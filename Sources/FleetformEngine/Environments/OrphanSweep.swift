import FleetformModel

/// Finds the resources the cloud holds under Fleetform's tags that no state knows: leftovers of
/// a crashed run whose journal was lost, or of a state deleted by hand. Pure.
public enum OrphanSweep {
    /// The resources of `inventory` (tagged `fleetform:stack`, limited to `stack` when given)
    /// whose id no state in `states` records, sorted by stack, environment, type and id.
    public static func orphans(in inventory: [CloudResource], states: [State], stack: String? = nil) -> [CloudResource]
    {
        var known: Set<String> = []
        for state in states {
            for resource in state.resources.values { known.insert(resource.id) }
        }
        return
            inventory
            .filter { $0.stack != nil && (stack == nil || $0.stack == stack) && !known.contains($0.id) }
            .sorted {
                ($0.stack ?? "", $0.environment ?? "", $0.type, $0.id) < (
                    $1.stack ?? "", $1.environment ?? "", $1.type, $1.id
                )
            }
    }

    /// `orphans` in deletion waves: a wave holds the resources of one teardown rank (lower ranks
    /// first: what runs on other resources before what it runs on), so each wave can be
    /// deleted in parallel.
    /// The stack's log buckets come last, in a wave of their own: what is deleted before them
    /// (buckets being emptied, load balancers, flow logs) still delivers logs into them, and a
    /// log bucket emptied meanwhile fills again (S3 then refuses to delete it).
    public static func waves(_ orphans: [CloudResource], rank: (String) -> Int) -> [[CloudResource]] {
        Dictionary(grouping: orphans) { orphan in
            orphan.address.map(isLogBucket) == true ? Int.max : rank(orphan.type)
        }
        .sorted { $0.key < $1.key }
        .map(\.value)
    }

    /// The state entry a provider needs to delete `orphan`: its tagged address (or one made
    /// from its type), its region and id. A stack's own log bucket outside production is emptied
    /// with it, as destroy does (it is declared with `force_destroy` there); any other bucket
    /// that still holds objects stays, with the error saying so.
    public static func deletable(_ orphan: CloudResource) -> ResourceState {
        let address =
            orphan.address.flatMap { $0.type == orphan.type ? $0 : nil }
            ?? ResourceAddress(type: orphan.type, name: "orphan")
        var attributes: [String: AttributeValue] = [:]
        if isLogBucket(address), let environment = orphan.environment, !ReapPolicy.isProductionName(environment) {
            attributes["force_destroy"] = .bool(true)
        }
        return ResourceState(
            address: address, provider: ProviderConfig(region: orphan.region), id: orphan.id, attributes: attributes)
    }

    /// The log bucket the DSL makes per stack and region (`aws_s3_bucket.fleetform_logs`,
    /// `…fleetform_logs_us_west_2`), which holds only what AWS logged, never user data.
    static func isLogBucket(_ address: ResourceAddress) -> Bool {
        address.type == "aws_s3_bucket" && address.modulePath.isEmpty
            && (address.name == "fleetform_logs" || address.name.hasPrefix("fleetform_logs_"))
    }
}
