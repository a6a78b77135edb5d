import FleetformDSL
import Testing

/// What a pool's rollout declaration synthesizes: the policy the planner gets, and diagnostics
/// at the pool's line for declarations that cannot work or do not do what they say.
@Suite struct PoolRolloutDeclarationTests {
    func synthesize(env: String = "dev", _ pool: @escaping @Sendable (Network) -> GPUNodePool) -> Synthesis {
        Stack("s", region: .usEast1) { _ in
            pool(Network("n", cidr: "10.0.0.0/16")).instanceTypes("g6.xlarge")
        }.synthesize(Environment(name: env))
    }

    @Test func productionPoolsRollOutByCanaryAndOthersInPlace() throws {
        let pool: @Sendable (Network) -> GPUNodePool = { net in
            GPUNodePool("p", network: net).capacity(min: 0, desired: 4, max: 8)
        }
        let production = synthesize(env: "prod", pool)
        let rollout = try #require(production.manifest.rollouts.first)
        guard case .canary = rollout.policy.strategy else {
            Issue.record("production default: \(rollout.policy.strategy.summary)")
            return
        }
        #expect(rollout.group.description == "aws_autoscaling_group.p")
        #expect(synthesize(env: "dev", pool).manifest.rollouts.isEmpty)
    }

    @Test func canaryStepsMustRiseWithinOneToNinetyNinePercent() {
        for steps in [[], [0, 50], [50, 10], [10, 100], [10, 10]] {
            let result = synthesize { GPUNodePool("p", network: $0).rollout(.canary(steps: steps)) }
            let errors = result.diagnostics.filter { $0.severity == .error }
            #expect(errors.count == 1 && errors[0].message.contains("canary steps must rise"), "\(steps): \(errors)")
            #expect(result.manifest.rollouts.isEmpty)
        }
    }

    @Test func aSurgeBelowOneIsAnErrorAtThePool() throws {
        let line = #line + 1
        let result = synthesize { GPUNodePool("p", network: $0).rollout(.canary(steps: [50])).surge(nodes: 0) }
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("surge of 0 leaves no room"))
        #expect(error.location?.line == line)
    }

    /// Blue/green brings the whole new group up before the old one goes: a smaller surge cannot
    /// hold, and the warning says so instead of raising it silently; the rollout still plans.
    @Test func blueGreenWarnsWhenTheSurgeIsBelowThePoolSize() throws {
        let result = synthesize {
            GPUNodePool("p", network: $0).capacity(min: 0, desired: 6, max: 12).rollout(.blueGreen()).surge(nodes: 2)
        }
        let warning = try #require(result.diagnostics.first { $0.severity == .warning })
        #expect(warning.message.contains("adds 6 nodes at once, not the 2 of .surge(nodes: 2)"), "\(warning.message)")
        #expect(!result.hasErrors)
        #expect(result.manifest.rollouts.count == 1)
        let whole = synthesize {
            GPUNodePool("p", network: $0).capacity(min: 0, desired: 6, max: 12).rollout(.blueGreen()).surge(nodes: 6)
        }
        #expect(whole.diagnostics.isEmpty, "\(whole.diagnostics)")
    }
}
