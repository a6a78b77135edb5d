import FleetformModel

/// The stored form of a rollout record, the same in the state file (`rollouts`), the apply
/// journal (`kind: rollout`) and the JSON plan (`rollouts[].record`):
///
/// ```json
/// {"group": "aws_autoscaling_group.servers", "launch_template": "aws_launch_template.servers",
///  "generation": 2, "status": "running", "completed": 3, "desired": 6, "surge": 2,
///  "policy": {"strategy": "canary", "steps": [10, 50], "pause_seconds": 300, "alarms": ["…"], …},
///  "phases": [{"kind": "create_green", "green": 1, "blue": 5}, …],
///  "observations": [{"phase": 0, "blue_in_service": 5, "green_in_service": 1, "desired": 6, "surge": 2}],
///  "declared": [manifest resources], "green": [state resources]}
/// ```
extension StoredValue {
    static func rolloutRecord(_ record: RolloutRecord) -> AttributeValue {
        compact([
            "group": .string(record.group.description),
            "launch_template": .string(record.launchTemplate.description),
            "generation": .number(Double(record.generation)), "status": .string(record.status.rawValue),
            "completed": .number(Double(record.completed)), "desired": .number(Double(record.desired)),
            "surge": .number(Double(record.surge)), "reason": record.reason.map(AttributeValue.string),
            "policy": rolloutPolicy(record.policy),
            "phases": .list(record.phases.map(rolloutPhase)),
            "observations": .list(record.observations.map(observation)),
            "declared": .list(record.declared.map(manifestResource)),
            "green": .list(record.green.map(resourceState)),
        ])
    }

    static func rolloutPolicy(_ policy: RolloutPolicy) -> AttributeValue {
        var fields: [String: AttributeValue?] = [
            "surge": policy.surge.map { .number(Double($0)) }, "alarms": strings(policy.alarms),
            "in_service_timeout_seconds": .number(policy.inServiceTimeoutSeconds),
        ]
        switch policy.strategy {
        case .canary(let steps, let pause):
            fields["strategy"] = "canary"
            fields["steps"] = .list(steps.map { .number(Double($0)) })
            fields["pause_seconds"] = .number(pause)
        case .blueGreen(let bake):
            fields["strategy"] = "blue_green"
            fields["bake_seconds"] = .number(bake)
        }
        return compact(fields)
    }

    static func rolloutPhase(_ phase: RolloutPhase) -> AttributeValue {
        compact([
            "kind": .string(phase.kind.rawValue), "green": .number(Double(phase.green)),
            "blue": .number(Double(phase.blue)), "seconds": phase.seconds > 0 ? .number(phase.seconds) : nil,
        ])
    }

    static func observation(_ observation: RolloutObservation) -> AttributeValue {
        [
            "phase": .number(Double(observation.phase)),
            "blue_in_service": .number(Double(observation.blueInService)),
            "green_in_service": .number(Double(observation.greenInService)),
            "desired": .number(Double(observation.desired)), "surge": .number(Double(observation.surge)),
            "invariants_hold": .bool(observation.invariantsHold),
        ]
    }

    /// A resource in the state file's shape.
    static func resourceState(_ resource: ResourceState) -> AttributeValue {
        compact([
            "address": .string(resource.address.description), "type": .string(resource.type),
            "id": .string(resource.id), "provider": provider(resource.provider),
            "attributes": .map(resource.attributes), "dependencies": addresses(resource.dependencies),
            "lifecycle": lifecycle(resource.lifecycle), "sensitive": strings(resource.sensitive),
            "usage": numbers(resource.usage),
        ])
    }
}

extension StoredDocument {
    func rolloutRecord() throws(FileFormatError) -> RolloutRecord {
        let statusText = try string("status")
        guard let status = RolloutRecord.Status(rawValue: statusText) else {
            throw invalid("status", "running, rolling_back, completed or rolled_back")
        }
        let policyDocument = try object("policy")
        return RolloutRecord(
            group: try address("group"), launchTemplate: try address("launch_template"),
            generation: try int("generation"), policy: try policyDocument.rolloutPolicy(),
            desired: try int("desired"), surge: try int("surge"),
            phases: try objects("phases").map { (entry) throws(FileFormatError) in try entry.rolloutPhase() },
            completed: try int("completed"), status: status, reason: try optionalString("reason"),
            declared: try objects("declared").map { (entry) throws(FileFormatError) in try entry.manifestResource() },
            green: try objects("green").map(StateFile.resource),
            observations: try objects("observations").map { (entry) throws(FileFormatError) in
                RolloutObservation(
                    phase: try entry.int("phase"), blueInService: try entry.int("blue_in_service"),
                    greenInService: try entry.int("green_in_service"), desired: try entry.int("desired"),
                    surge: try entry.int("surge"))
            })
    }

    func rolloutPolicy() throws(FileFormatError) -> RolloutPolicy {
        let strategy: RolloutStrategy
        switch try string("strategy") {
        case "canary":
            guard case .list(let values)? = fields["steps"] else { throw invalid("steps", "a list of percentages") }
            strategy = .canary(steps: values.compactMap(\.intValue), pauseSeconds: try seconds("pause_seconds"))
        case "blue_green": strategy = .blueGreen(bakeSeconds: try seconds("bake_seconds"))
        default: throw invalid("strategy", "canary or blue_green")
        }
        return RolloutPolicy(
            strategy: strategy, surge: fields["surge"] == nil ? nil : try int("surge"), alarms: try strings("alarms"),
            inServiceTimeoutSeconds: try seconds("in_service_timeout_seconds"))
    }

    func rolloutPhase() throws(FileFormatError) -> RolloutPhase {
        guard let kind = RolloutPhase.Kind(rawValue: try string("kind")) else {
            throw invalid("kind", "create_green, shift, pause or retire_blue")
        }
        return RolloutPhase(
            kind, green: try int("green"), blue: try int("blue"),
            seconds: fields["seconds"] == nil ? 0 : try seconds("seconds"))
    }

    private func seconds(_ key: String) throws(FileFormatError) -> Double {
        guard case .number(let value)? = fields[key], value >= 0 else { throw invalid(key, "a number of seconds") }
        return value
    }
}
