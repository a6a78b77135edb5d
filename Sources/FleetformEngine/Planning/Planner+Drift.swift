import FleetformModel

extension Planner {
    /// What changed outside Fleetform: every attribute whose value in `refreshed` (read back from
    /// the cloud) differs from `recorded` (the state before the refresh), and every attribute of
    /// a resource that no longer exists. Sorted by address, then attribute.
    public static func drift(recorded: State, refreshed: State) -> [DriftedAttribute] {
        var drift: [DriftedAttribute] = []
        for old in recorded.sortedResources {
            guard let new = refreshed.resources[old.address] else {
                for name in old.attributes.keys.sorted() {
                    drift.append(
                        DriftedAttribute(
                            address: old.address, attribute: name, recorded: old.attributes[name], actual: nil))
                }
                continue
            }
            for name in Set(old.attributes.keys).union(new.attributes.keys).sorted() {
                let was = old.attributes[name], now = new.attributes[name]
                let same =
                    switch (was, now) {
                    case (nil, nil): true
                    case (let a?, let b?): AttributeComparison.equivalent(a, b)
                    default: false
                    }
                if !same {
                    drift.append(DriftedAttribute(address: old.address, attribute: name, recorded: was, actual: now))
                }
            }
        }
        return drift
    }
}
