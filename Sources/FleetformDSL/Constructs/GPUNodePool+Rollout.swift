import FleetformModel

/// How a pool's node changes (image, instance types, user data, volume) reach running nodes.
///
/// ```swift
/// GPUNodePool("servers", network: net)
///     .rollout(.canary(steps: [10, 50], pause: .minutes(5)), gates: ["servers-5xx"])
///     .surge(nodes: 2)
/// ```
public struct Rollout: Hashable, Sendable {
    /// The strategy, or nil for an in-place launch template update.
    public let strategy: RolloutStrategy?
    /// Alarm names that gate each pause.
    public var gates: [String] = []
    /// How long green's nodes may take to come into service.
    public var inServiceTimeout: Duration = .seconds(600)

    /// Green takes `steps` percent of the pool in turn, then all of it, pausing after each step.
    public static func canary(steps: [Int] = [10, 50], pause: Duration = .minutes(5)) -> Rollout {
        Rollout(strategy: .canary(steps: steps, pauseSeconds: pause.seconds))
    }

    /// Green comes up at full size beside blue and bakes before blue retires.
    public static func blueGreen(bake: Duration = .minutes(10)) -> Rollout {
        Rollout(strategy: .blueGreen(bakeSeconds: bake.seconds))
    }

    /// No rollout: the launch template is updated in place and nodes pick it up when replaced.
    public static let inPlace = Rollout(strategy: nil)

    /// The production default: canary 10% → 50% → 100% with five-minute pauses.
    public static let productionDefault = canary()
}

/// Minutes for rollout pauses, bakes and timeouts: `.canary(pause: .minutes(5))`.
extension Duration {
    /// `minutes` minutes.
    public static func minutes(_ minutes: Int) -> Duration { .seconds(minutes * 60) }

    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension GPUNodePool {
    /// Rolls node changes out beside the running group, gated by the alarms named in `gates`
    /// (not in `ALARM` during pauses) and by green's nodes coming into service within `timeout`.
    public func rollout(_ rollout: Rollout, gates: [String] = [], timeout: Duration = .minutes(10)) -> GPUNodePool {
        var copy = self
        var chosen = rollout
        chosen.gates += gates
        chosen.inServiceTimeout = timeout
        copy.rollout = chosen
        return copy
    }

    /// At most `nodes` nodes above the desired size while a rollout runs (default: a quarter of
    /// the desired size, at least one; the whole desired size for blue/green).
    public func surge(nodes: Int) -> GPUNodePool {
        var copy = self
        copy.rolloutSurge = nodes
        return copy
    }

    /// The pool with `rollout`, `surge` and `gates` where given (for modules that pass them through).
    public func rolloutIfDeclared(_ rollout: Rollout?, surge: Int?, gates: [String] = []) -> GPUNodePool {
        var copy = self
        if var rollout {
            rollout.gates += gates
            copy.rollout = rollout
        }
        if let surge { copy.rolloutSurge = surge }
        return copy
    }

    /// Declares the pool's rollout (canary by default in production).
    func declareRollout(in context: SynthesisContext) {
        let chosen = rollout ?? (context.environment.isProduction ? .productionDefault : .inPlace)
        guard let strategy = chosen.strategy else { return }
        if case .canary(let steps, _) = strategy,
            steps.isEmpty || steps.contains(where: { !(1...99).contains($0) })
                || steps != steps.sorted() || Set(steps).count != steps.count
        {
            context.error(
                "pool '\(name)': canary steps must rise strictly from 1 to 99 percent, got \(steps)",
                hint: "for example .canary(steps: [10, 50]); the last step to 100% is implied", at: site.location)
            return
        }
        if let rolloutSurge, rolloutSurge < 1 {
            context.error(
                "pool '\(name)': a rollout surge of \(rolloutSurge) leaves no room for a new node",
                hint: "use .surge(nodes: 1) or more", at: site.location)
            return
        }
        if case .blueGreen = strategy, let rolloutSurge, rolloutSurge < desiredSize {
            context.warning(
                "pool '\(name)': blue/green runs the new group whole beside the old one, so a rollout adds "
                    + "\(desiredSize) nodes at once, not the \(rolloutSurge) of .surge(nodes: \(rolloutSurge))",
                hint: "drop .surge(nodes:), or roll out within \(rolloutSurge) extra nodes with .canary(steps:)",
                at: site.location)
        }
        let policy = RolloutPolicy(
            strategy: strategy, surge: rolloutSurge, alarms: chosen.gates,
            inServiceTimeoutSeconds: chosen.inServiceTimeout.seconds)
        context.declareRollout(PoolRollout(group: groupAddress, launchTemplate: launchTemplateAddress, policy: policy))
    }
}
