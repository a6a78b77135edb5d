import FleetformModel
import Foundation

/// Carries out pool rollouts phase by phase, journalling the record after every phase so a
/// crash resumes where it stopped: green's launch template, group and group companions are
/// created beside blue (a create whose answer was lost is adopted by name on the resend), green
/// grows and blue shrinks within the surge, pauses check the alarm gates, and blue retires at the
/// end. After every move the executor reads both groups' nodes in service and records whether
/// the capacity invariants held. A failed gate (alarm in `ALARM`, nodes not in service in time,
/// an invariant broken) or a failed call rolls back: blue back to full size, green deleted.
///
/// ```swift
/// let runner = RolloutRunner(executor: executor, probe: probe, clock: SystemWallClock())
/// let outcome = await runner.run(plan.rollouts, on: state, provider: provider, journal: journal)
/// ```
public struct RolloutRunner: Sendable {
    /// Gives created resources their ownership tags and turns "already exists" into adoption.
    public var executor: Executor
    public var probe: any RolloutProbe
    /// Paces pauses and polls (a stepping clock in tests).
    public var clock: any WallClock
    /// Seconds between reads of nodes in service and alarm states.
    public var pollSeconds: Double

    public init(executor: Executor, probe: any RolloutProbe, clock: any WallClock, pollSeconds: Double = 15) {
        self.executor = executor
        self.probe = probe
        self.clock = clock
        self.pollSeconds = pollSeconds
    }

    /// How the rollouts of a run ended.
    public struct Outcome: Sendable {
        public var state: State
        /// Rollouts that finished with green in place.
        public var completed: [ResourceAddress] = []
        /// Rollouts that rolled back, with the gate or failure that made them.
        public var rolledBack: [(group: ResourceAddress, reason: String)] = []
        /// Rollouts that could not finish or roll back (their record stays active in state).
        public var failures: [(group: ResourceAddress, message: String)] = []
        /// Whether a stop request ended the run at a phase boundary.
        public var interrupted = false

        /// No rollout run yet on `state`.
        public init(state: State) { self.state = state }

        /// Whether every rollout completed.
        public var succeeded: Bool { rolledBack.isEmpty && failures.isEmpty && !interrupted }
    }

    /// A gate that did not pass: why, in words that name it.
    struct GateFailure: Error, CustomStringConvertible {
        let description: String
    }

    struct Interrupted: Error {}

    /// Runs `rollouts` one after another on `state`.
    public func run(
        _ rollouts: [PlannedRollout], on state: State, provider: any ResourceProvider, journal: any ApplyJournal,
        stop: StopSignal = StopSignal(), events: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) async -> Outcome {
        var outcome = Outcome(state: state)
        for rollout in rollouts {
            if stop.isRequested || Task.isCancelled {
                outcome.interrupted = true
                break
            }
            var pool = PoolRun(
                runner: self, record: rollout.record, provider: provider, journal: journal, stop: stop, events: events)
            do {
                try await pool.carry(&outcome.state)
                if pool.record.status == .completed {
                    outcome.completed.append(pool.record.group)
                } else {
                    outcome.rolledBack.append((pool.record.group, pool.record.reason ?? "rolled back"))
                }
            } catch is Interrupted {
                outcome.interrupted = true
            } catch {
                outcome.failures.append((pool.record.group, String(describing: error)))
            }
        }
        return outcome
    }

    /// Rolls back the active rollout of `group` (`fleetform rollout abort`).
    public func abort(
        _ group: ResourceAddress, on state: State, provider: any ResourceProvider, journal: any ApplyJournal,
        events: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) async -> Outcome {
        guard var record = state.rollouts[group], record.isActive else {
            var outcome = Outcome(state: state)
            outcome.failures = [(group, "no rollout of \(group) is under way")]
            return outcome
        }
        if record.status == .running {
            record.status = .rollingBack
            record.reason = "aborted by 'fleetform rollout abort'"
        }
        let planned = PlannedRollout(
            record: record, replaces: [], resuming: true, overlapNodeHours: 0, instanceType: "")
        return await run([planned], on: state, provider: provider, journal: journal, events: events)
    }
}

/// One pool's rollout while it runs.
private struct PoolRun {
    let runner: RolloutRunner
    var record: RolloutRecord
    let provider: any ResourceProvider
    let journal: any ApplyJournal
    let stop: StopSignal
    let events: @Sendable (ApplyEvent) -> Void

    init(
        runner: RolloutRunner, record: RolloutRecord, provider: any ResourceProvider, journal: any ApplyJournal,
        stop: StopSignal, events: @escaping @Sendable (ApplyEvent) -> Void
    ) {
        self.runner = runner
        self.record = record
        self.provider = provider
        self.journal = journal
        self.stop = stop
        self.events = events
    }

    private var declaredGroup: ManifestResource? { record.declared.first { $0.address == record.group } }
    private var greenGroup: ResourceState? { record.green.first { $0.address == record.group } }
    private var region: String { declaredGroup?.provider.region ?? "" }

    private func name(_ resource: ResourceState) -> String { resource.attributes["name"]?.stringValue ?? resource.id }

    private mutating func save(_ state: inout State) async throws {
        state.rollouts[record.group] = record
        try await journal.recordRollout(record)
    }

    private func emit(_ stage: RolloutProgress.Stage, _ message: String, blue: Int? = nil, green: Int? = nil) {
        let index = min(record.completed, max(0, record.phases.count - 1))
        events(
            .rollout(
                RolloutProgress(
                    group: record.group, stage: stage, phase: record.completed, phaseCount: record.phases.count,
                    kind: record.phases.isEmpty ? nil : record.phases[index].kind, blueInService: blue,
                    greenInService: green, message: message)))
    }

    mutating func carry(_ state: inout State) async throws {
        if record.status == .running {
            if state.rollouts[record.group] != record { try await save(&state) }
            while record.completed < record.phases.count {
                if stop.isRequested || Task.isCancelled {
                    emit(
                        .interrupted,
                        "stopped before phase \(record.completed + 1) of \(record.phases.count); "
                            + "both groups are in state: 'fleetform rollout continue' or 'abort' steers it")
                    throw RolloutRunner.Interrupted()
                }
                let phase = record.phases[record.completed]
                emit(.phaseStarted, describe(phase))
                do {
                    try await perform(phase, state: &state)
                } catch is RolloutRunner.Interrupted {
                    emit(.interrupted, "stopped during phase \(record.completed + 1); it runs again on the next apply")
                    throw RolloutRunner.Interrupted()
                } catch is CancellationError {
                    throw RolloutRunner.Interrupted()
                } catch {
                    record.status = .rollingBack
                    record.reason =
                        error is RolloutRunner.GateFailure
                        ? String(describing: error)
                        : "phase \(record.completed + 1) (\(phase.kind.rawValue)) failed: \(error)"
                    try await save(&state)
                    break
                }
                record.completed += 1
                if phase.kind == .retireBlue { record.status = .completed }
                try await save(&state)
                let last = record.observations.last
                emit(.phaseCompleted, describe(phase), blue: last?.blueInService, green: last?.greenInService)
            }
            if record.status == .completed {
                emit(.completed, "rollout complete: generation \(record.generation) holds the pool")
            }
        }
        if record.status == .rollingBack {
            emit(.rollingBack, "rolling back: \(record.reason ?? "")")
            try await rollBack(&state)
            emit(.rolledBack, "rolled back to blue: \(record.reason ?? "")")
        }
    }

    private func describe(_ phase: RolloutPhase) -> String {
        let number = "phase \(record.completed + 1)/\(record.phases.count)"
        switch phase.kind {
        case .createGreen: return "\(number): create green at \(phase.green), blue to \(phase.blue)"
        case .shift: return "\(number): green to \(phase.green), blue to \(phase.blue)"
        case .pause: return "\(number): pause \(Int(phase.seconds))s checking gates"
        case .retireBlue: return "\(number): retire blue"
        }
    }

    // MARK: Phases

    private mutating func perform(_ phase: RolloutPhase, state: inout State) async throws {
        switch phase.kind {
        case .createGreen, .shift:
            try await ensureGreen(size: phase.green, state: &state)
            try await waitInService(phase.green)
            try await observe(state: state)
            try await resizeBlue(to: phase.blue, state: &state)
            try await observe(state: state)
        case .pause:
            try await pause(phase.seconds, state: state)
            try await observe(state: state)
        case .retireBlue:
            try await retireBlue(state: &state)
        }
    }

    /// The state as green's declarations resolve against: green's resources at the pool's addresses.
    private func resolving(_ state: State) -> State {
        var view = state
        for resource in record.green { view.resources[resource.address] = resource }
        return view
    }

    /// Creates what green lacks (launch template, group at `size`, companions), then sets its size.
    private mutating func ensureGreen(size: Int, state: inout State) async throws {
        let followers = Set(record.followers.map(\.address))
        for declared in record.declared
        where !followers.contains(declared.address) && !record.green.contains(where: { $0.address == declared.address })
        {
            var attributes = try Executor.resolve(declared, in: resolving(state))
            if declared.address == record.group {
                attributes.merge(sizes(size, declared: attributes)) { _, new in new }
            }
            let request = ResourceRequest(
                address: declared.address, provider: declared.provider, attributes: attributes,
                ownershipTags: runner.executor.ownershipTags(declared.address),
                idempotencyToken: runner.executor.makeToken(), declared: declared.declared)
            var created = try await runner.executor.createOrAdopt(request, provider: provider)
            created.declared = declared.declared
            record.green.append(created)
            try await save(&state)
        }
        if let green = greenGroup, green.attributes["desired_capacity"]?.intValue != size,
            let declared = declaredGroup
        {
            let attributes = try Executor.resolve(declared, in: resolving(state))
                .merging(sizes(size, declared: declared.attributes)) { _, new in new }
            let resized = try await resize(green, attributes: attributes)
            record.green.removeAll { $0.address == record.group }
            record.green.append(resized)
            try await save(&state)
        }
    }

    /// Sizes for a group running `size` nodes mid-rollout: no minimum, room up to the declared maximum.
    private func sizes(_ size: Int, declared: [String: AttributeValue]) -> [String: AttributeValue] {
        let max = Swift.max(size, declared["max_size"]?.intValue ?? size)
        return ["min_size": 0, "desired_capacity": .number(Double(size)), "max_size": .number(Double(max))]
    }

    private func resize(_ group: ResourceState, attributes: [String: AttributeValue]) async throws -> ResourceState {
        let request = ResourceRequest(
            address: group.address, provider: group.provider, attributes: attributes,
            ownershipTags: runner.executor.ownershipTags(group.address), idempotencyToken: runner.executor.makeToken())
        var resized = try await provider.update(
            group, to: request, changed: ["min_size", "desired_capacity", "max_size"])
        resized.dependencies = group.dependencies
        resized.lifecycle = group.lifecycle
        resized.usage = group.usage
        return resized
    }

    /// Blue's declared attributes as recorded, with new sizes.
    private func blueAttributes(_ blue: ResourceState, sizes: [String: AttributeValue]) -> [String: AttributeValue] {
        var attributes: [String: AttributeValue] = [:]
        for key in declaredGroup?.attributes.keys ?? [:].keys { attributes[key] = blue.attributes[key] }
        return attributes.merging(sizes) { _, new in new }
    }

    private mutating func resizeBlue(to size: Int, state: inout State) async throws {
        guard let blue = state.resources[record.group], blue.attributes["desired_capacity"]?.intValue != size else {
            return
        }
        let resized = try await resize(
            blue, attributes: blueAttributes(blue, sizes: sizes(size, declared: blue.attributes)))
        state.resources[record.group] = resized
        try await journal.recordResource(resized)
    }

    /// Polls green's nodes in service until `target`, or fails the in-service gate at the timeout.
    private func waitInService(_ target: Int) async throws {
        guard let green = greenGroup else { return }
        let deadline = runner.clock.now().addingTimeInterval(record.policy.inServiceTimeoutSeconds)
        while true {
            let count = try await runner.probe.inServiceCount(group: name(green), region: region)
            if count >= target { return }
            if runner.clock.now() >= deadline {
                throw RolloutRunner.GateFailure(
                    description: "gate 'in-service': \(count) of \(target) green node(s) in service after "
                        + "\(Int(record.policy.inServiceTimeoutSeconds))s")
            }
            try await runner.clock.sleep(seconds: runner.pollSeconds)
        }
    }

    /// Reads both groups' nodes in service, records them and checks the capacity invariants.
    private mutating func observe(state: State) async throws {
        var blue = 0
        var green = 0
        if let group = state.resources[record.group] {
            blue = try await runner.probe.inServiceCount(group: name(group), region: region)
        }
        if let group = greenGroup { green = try await runner.probe.inServiceCount(group: name(group), region: region) }
        let observation = RolloutObservation(
            phase: record.completed, blueInService: blue, greenInService: green, desired: record.desired,
            surge: record.surge)
        record.observations.append(observation)
        guard observation.invariantsHold else {
            throw RolloutRunner.GateFailure(
                description: "gate 'capacity': \(blue) blue + \(green) green node(s) in service, outside "
                    + "\(record.desired)…\(record.desired + record.surge)")
        }
    }

    /// The alarms gating this pool: the policy's, and alarms in state that watch the pool's group
    /// unless tagged `fleetform:rollout-gate = false`.
    private func gateAlarms(_ state: State) -> [String] {
        var names = record.policy.alarms
        for resource in state.sortedResources where resource.type == "aws_cloudwatch_metric_alarm" {
            let gate = resource.attributes["tags"]?.mapValue?[RolloutPolicy.gateTag]?.stringValue
            if resource.dependencies.contains(record.group), gate != "false",
                let name = resource.attributes["alarm_name"]?.stringValue
            {
                names.append(name)
            }
        }
        return Array(Set(names)).sorted()
    }

    /// Waits `seconds`, reading the alarm gates at the start, every poll and at the end.
    private func pause(_ seconds: Double, state: State) async throws {
        let alarms = gateAlarms(state)
        let end = runner.clock.now().addingTimeInterval(seconds)
        while true {
            if !alarms.isEmpty {
                let firing = try await runner.probe.alarmsFiring(alarms, region: region)
                if !firing.isEmpty {
                    throw RolloutRunner.GateFailure(
                        description: "gate 'alarm': \(firing.map { "'\($0)'" }.joined(separator: ", ")) in ALARM")
                }
            }
            let left = end.timeIntervalSince(runner.clock.now())
            if left <= 0 { return }
            if stop.isRequested { throw RolloutRunner.Interrupted() }
            try await runner.clock.sleep(seconds: min(left, runner.pollSeconds))
        }
    }

    /// Deletes blue's companions, group and launch template, and gives green the pool's addresses
    /// at the declared sizes.
    private mutating func retireBlue(state: inout State) async throws {
        let greenIDs = Set(record.green.map(\.id))
        let companions = record.declared.filter { RolloutRecord.isCompanion($0, of: record.group) }.map(\.address)
        for address in companions + [record.group, record.launchTemplate] {
            guard let blue = state.resources[address], !greenIDs.contains(blue.id) else { continue }
            try await provider.delete(blue)
            state.resources[address] = nil
            try await journal.recordDeletion(address, id: blue.id)
        }
        if let green = greenGroup, let declared = declaredGroup {
            let final = try Executor.resolve(declared, in: resolving(state))
            let resized = try await resize(green, attributes: final)
            record.green.removeAll { $0.address == record.group }
            record.green.append(resized)
        }
        for resource in record.green { state.resources[resource.address] = resource }
        try await follow(state: &state)
    }

    /// Points what watches the pool (alarms, the dashboard) at green's group: each follower's
    /// declaration resolved against the state green now holds, blue's name replaced by green's.
    private func follow(state: inout State) async throws {
        guard let green = greenGroup else { return }
        let greenName = name(green)
        let blueName = RolloutPlanner.generationName(RolloutPlanner.baseName(greenName), record.generation - 1)
        for follower in record.followers {
            guard let prior = state.resources[follower.address] else { continue }
            let attributes = try Executor.resolve(follower, in: state).mapValues {
                RolloutRecord.renamingGroup($0, from: blueName, to: greenName)
            }
            let changed = attributes.keys.filter { attributes[$0] != prior.attributes[$0] }.sorted()
            guard !changed.isEmpty else { continue }
            let request = ResourceRequest(
                address: follower.address, provider: follower.provider, attributes: attributes,
                ownershipTags: runner.executor.ownershipTags(follower.address),
                idempotencyToken: runner.executor.makeToken(), declared: follower.declared)
            var updated = try await provider.update(prior, to: request, changed: changed)
            updated.declared = prior.declared
            state.resources[follower.address] = updated
            try await journal.recordResource(updated)
        }
    }

    // MARK: Rollback

    /// Blue back to the declared size (waiting for its nodes, within the timeout), then green's
    /// companions, group and launch template deleted, each recorded.
    private mutating func rollBack(_ state: inout State) async throws {
        if let blue = state.resources[record.group], let declared = declaredGroup {
            let sizes: [String: AttributeValue] = [
                "min_size": declared.attributes["min_size"] ?? 0,
                "desired_capacity": .number(Double(record.desired)),
                "max_size": declared.attributes["max_size"] ?? .number(Double(record.desired)),
            ]
            if blue.attributes["desired_capacity"]?.intValue != record.desired
                || blue.attributes["min_size"] != sizes["min_size"]
            {
                let resized = try await resize(blue, attributes: blueAttributes(blue, sizes: sizes))
                state.resources[record.group] = resized
                try await journal.recordResource(resized)
            }
            let deadline = runner.clock.now().addingTimeInterval(record.policy.inServiceTimeoutSeconds)
            while try await runner.probe.inServiceCount(group: name(blue), region: region) < record.desired,
                runner.clock.now() < deadline
            {
                try await runner.clock.sleep(seconds: runner.pollSeconds)
            }
        }
        let order = record.green.sorted { rank($0) < rank($1) }
        for green in order {
            try await provider.delete(green)
            record.green.removeAll { $0.id == green.id && $0.address == green.address }
            try await save(&state)
        }
        record.status = .rolledBack
        try await save(&state)
    }

    /// Deletion order: companions, then the group, then the launch template.
    private func rank(_ resource: ResourceState) -> Int {
        resource.address == record.launchTemplate ? 2 : resource.address == record.group ? 1 : 0
    }
}
