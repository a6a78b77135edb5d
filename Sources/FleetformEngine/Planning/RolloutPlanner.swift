import FleetformModel

/// Turns a pool's node change into a rollout. Pure.
///
/// A pool that declares a rollout (`PoolRollout`) and whose launch template changes what its
/// nodes run (image, instance type, user data, volume) — or whose group changes its instance
/// types — is not updated in place: a green launch template and group come up beside the blue
/// ones, named with a generation suffix (`…-servers-g2`), grow in phases while blue shrinks, and
/// take the pool's addresses when blue retires. Resources that name the group (a load balancer
/// attachment, a schedule) get a green twin too, so green serves before blue stops; resources
/// that watch it (alarms, a dashboard) follow it, changed to green's group when blue retires.
///
/// ```swift
/// let manifest = RolloutPlanner.adoptingGenerations(synthesized, state: state)
/// let plan = RolloutPlanner.plan(try Planner().plan(manifest: manifest, state: state, schemas: s), manifest, state)
/// ```
public enum RolloutPlanner {
    /// Launch template attributes whose change reaches the nodes only through new instances.
    public static let nodeAttributes: Set<String> = ["image_id", "instance_type", "user_data", "block_device_mappings"]

    /// Minutes a new node is assumed to take to come into service, for pricing the overlap.
    public static let assumedBootMinutes = 5.0

    /// `manifest` with the names of launch templates and groups a rollout renamed (the declared
    /// name plus `-gN`) taken from `state`, so a finished rollout re-plans clean.
    public static func adoptingGenerations(_ manifest: Manifest, state: State) -> Manifest {
        var adopted = manifest
        for index in adopted.resources.indices {
            let resource = adopted.resources[index]
            guard resource.type == "aws_launch_template" || resource.type == "aws_autoscaling_group",
                case .string(let declared)? = resource.attributes["name"],
                case .string(let recorded)? = state.resources[resource.address]?.attributes["name"],
                generation(of: recorded, base: declared) != nil
            else { continue }
            adopted.resources[index].attributes["name"] = .string(recorded)
            guard resource.type == "aws_autoscaling_group" else { continue }
            // What watches the group by a literal name (a dashboard's body) watches the group that runs.
            for other in adopted.resources.indices where other != index {
                adopted.resources[other].attributes = adopted.resources[other].attributes.mapValues {
                    RolloutRecord.renamingGroup($0, from: declared, to: recorded)
                }
            }
        }
        return adopted
    }

    /// The generation `name` carries over `base`: 1 for `base` itself, N for `base-gN`; nil otherwise.
    public static func generation(of name: String, base: String) -> Int? {
        if name == base { return 1 }
        guard name.hasPrefix(base + "-g"), let n = Int(name.dropFirst(base.count + 2)), n >= 2 else { return nil }
        return n
    }

    /// The name of generation `generation` of `base`: `base` itself for 1, `base-gN` after.
    public static func generationName(_ base: String, _ generation: Int) -> String {
        generation > 1 ? "\(base)-g\(generation)" : base
    }

    /// `name` without its generation suffix.
    public static func baseName(_ name: String) -> String {
        guard let range = name.range(of: "-g", options: .backwards), let n = Int(name[range.upperBound...]), n >= 2
        else { return name }
        return String(name[..<range.lowerBound])
    }

    /// `plan` with every rollout taken out of its changes and listed in `rollouts`: new ones, and
    /// those an earlier run left under way (resumed whatever the stack says now).
    public static func plan(_ plan: Plan, manifest: Manifest, state: State) -> Plan {
        var result = plan
        let declared = manifest.resourcesByAddress
        var taken: Set<ResourceAddress> = []
        for record in state.activeRollouts {
            // Green's companions too: blue's may be gone already (a retirement that stopped midway).
            taken.formUnion([record.group, record.launchTemplate] + record.declared.map(\.address))
            result.rollouts.append(
                PlannedRollout(
                    record: record,
                    replaces: plan.changes.filter { [record.group, record.launchTemplate].contains($0.address) },
                    resuming: true, overlapNodeHours: overlapNodeHours(record.phases, desired: record.desired),
                    instanceType: instanceType(record.declared)))
        }
        for pool in manifest.rollouts where !taken.contains(pool.group) {
            guard let rollout = newRollout(pool, plan: plan, declared: declared, manifest: manifest, state: state)
            else { continue }
            taken.formUnion([pool.group, pool.launchTemplate])
            result.rollouts.append(rollout)
        }
        result.changes.removeAll { taken.contains($0.address) && $0.action != .noOp && $0.action != .delete }
        return result
    }

    private static func newRollout(
        _ pool: PoolRollout, plan: Plan, declared: [ResourceAddress: ManifestResource], manifest: Manifest, state: State
    ) -> PlannedRollout? {
        guard let blueGroup = state.resources[pool.group], let blueTemplate = state.resources[pool.launchTemplate],
            var template = declared[pool.launchTemplate], var group = declared[pool.group]
        else { return nil }
        let templateChange = plan.changes.first { $0.address == pool.launchTemplate }
        let groupChange = plan.changes.first { $0.address == pool.group }
        let nodesChange =
            templateChange.map { $0.action != .noOp && !nodeAttributes.isDisjoint(with: $0.changedAttributes) } ?? false
        let typesChange = groupChange.map { $0.changedAttributes.contains("mixed_instances_policy") } ?? false
        guard nodesChange || typesChange else { return nil }

        let base = baseName(blueGroup.attributes["name"]?.stringValue ?? blueGroup.id)
        let blueGeneration = generation(of: blueGroup.attributes["name"]?.stringValue ?? blueGroup.id, base: base) ?? 1
        let next = blueGeneration + 1
        let templateBase = baseName(blueTemplate.attributes["name"]?.stringValue ?? blueTemplate.id)
        template.attributes["name"] = .string(generationName(templateBase, next))
        group.attributes["name"] = .string(generationName(base, next))
        let companions = manifest.resources.filter { RolloutRecord.isCompanion($0, of: pool.group) }
        let blueName = blueGroup.attributes["name"]?.stringValue ?? blueGroup.id
        let followers = manifest.resources.filter { resource in
            ![pool.group, pool.launchTemplate].contains(resource.address)
                && !RolloutRecord.isCompanion(resource, of: pool.group)
                && resource.attributes.values.contains { value in
                    value.references.contains { $0.address == pool.group }
                        || RolloutRecord.mentionsGroup(value, named: blueName)
                }
        }
        let desired = group.attributes["desired_capacity"]?.intValue ?? 0
        var surge = pool.policy.surge(forDesired: desired)
        if case .blueGreen = pool.policy.strategy { surge = max(surge, desired) }
        let phases = Self.phases(pool.policy.strategy, desired: desired, surge: surge)
        let record = RolloutRecord(
            group: pool.group, launchTemplate: pool.launchTemplate, generation: next, policy: pool.policy,
            desired: desired, surge: surge, phases: phases, declared: [template, group] + companions + followers)
        return PlannedRollout(
            record: record, replaces: [templateChange, groupChange].compactMap { $0 }.filter { $0.action != .noOp },
            resuming: false, overlapNodeHours: overlapNodeHours(phases, desired: desired),
            instanceType: instanceType(record.declared))
    }

    /// The phases of a rollout of `desired` nodes with at most `surge` extra: green grows to each
    /// step's share in moves of at most `surge` nodes (blue shrinking by as many after each move),
    /// pausing after each step; blue/green grows green to full size, bakes, then shrinks blue.
    public static func phases(_ strategy: RolloutStrategy, desired: Int, surge: Int) -> [RolloutPhase] {
        let surge = max(1, surge)
        var phases: [RolloutPhase] = []
        var green = 0
        func move(to target: Int, shrinkingBlue: Bool) {
            repeat {
                let next = min(target, green + surge)
                let blue = shrinkingBlue ? desired - next : desired
                phases.append(RolloutPhase(phases.isEmpty ? .createGreen : .shift, green: next, blue: blue))
                green = next
            } while green < target
        }
        switch strategy {
        case .canary(let steps, let pause):
            // Each step at least one node (a canary of 10% of 4 nodes is one), an empty pool none.
            var targets = desired == 0 ? [0] : steps.map { max(1, min(desired, (desired * $0 + 99) / 100)) } + [desired]
            targets = targets.reduce(into: []) { kept, target in
                if target > (kept.last ?? 0) || (kept.isEmpty && target == 0) { kept.append(target) }
            }
            for (index, target) in targets.enumerated() {
                move(to: target, shrinkingBlue: true)
                if index < targets.count - 1 {
                    phases.append(RolloutPhase(.pause, green: green, blue: desired - green, seconds: pause))
                }
            }
        case .blueGreen(let bake):
            move(to: desired, shrinkingBlue: false)
            phases.append(RolloutPhase(.pause, green: desired, blue: desired, seconds: bake))
            phases.append(RolloutPhase(.shift, green: desired, blue: 0))
        }
        phases.append(RolloutPhase(.retireBlue, green: desired, blue: 0))
        return phases
    }

    /// Node-hours above the desired size: each move's new nodes while they boot
    /// (`assumedBootMinutes`), and everything above the desired size through a pause.
    public static func overlapNodeHours(_ phases: [RolloutPhase], desired: Int) -> Double {
        var hours = 0.0
        var green = 0
        for phase in phases {
            switch phase.kind {
            case .createGreen, .shift:
                hours += Double(max(0, phase.green - green)) * assumedBootMinutes / 60
                green = phase.green
            case .pause: hours += Double(max(0, phase.green + phase.blue - desired)) * phase.seconds / 3600
            case .retireBlue: break
            }
        }
        return hours
    }

    private static func instanceType(_ declared: [ManifestResource]) -> String {
        declared.first { $0.type == "aws_launch_template" }?.attributes["instance_type"]?.stringValue ?? ""
    }
}
