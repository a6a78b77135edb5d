import FleetformEngine
import FleetformModel
import Testing

/// The phases a rollout is planned as, and the overlap they price: exact tables, then the
/// capacity invariants over a grid of sizes.
struct RolloutPlannerTests {
    typealias P = RolloutPhase

    static let cases: [(String, RolloutStrategy, desired: Int, surge: Int, [RolloutPhase])] = [
        (
            "canary 10/50 of 6, surge 2", .canary(steps: [10, 50], pauseSeconds: 300), 6, 2,
            [
                P(.createGreen, green: 1, blue: 5), P(.pause, green: 1, blue: 5, seconds: 300),
                P(.shift, green: 3, blue: 3), P(.pause, green: 3, blue: 3, seconds: 300),
                P(.shift, green: 5, blue: 1), P(.shift, green: 6, blue: 0), P(.retireBlue, green: 6, blue: 0),
            ]
        ),
        (
            "canary 50 of 6, surge 3 (the inference stack)", .canary(steps: [50], pauseSeconds: 300), 6, 3,
            [
                P(.createGreen, green: 3, blue: 3), P(.pause, green: 3, blue: 3, seconds: 300),
                P(.shift, green: 6, blue: 0), P(.retireBlue, green: 6, blue: 0),
            ]
        ),
        (
            "canary steps that round to the same node collapse", .canary(steps: [10, 20], pauseSeconds: 60), 4, 4,
            [
                P(.createGreen, green: 1, blue: 3), P(.pause, green: 1, blue: 3, seconds: 60),
                P(.shift, green: 4, blue: 0), P(.retireBlue, green: 4, blue: 0),
            ]
        ),
        (
            "canary of one node", .canary(steps: [10, 50], pauseSeconds: 300), 1, 1,
            [P(.createGreen, green: 1, blue: 0), P(.retireBlue, green: 1, blue: 0)]
        ),
        (
            "canary of an empty pool", .canary(steps: [10, 50], pauseSeconds: 300), 0, 1,
            [P(.createGreen, green: 0, blue: 0), P(.retireBlue, green: 0, blue: 0)]
        ),
        (
            "blue/green of 4, surge 4", .blueGreen(bakeSeconds: 600), 4, 4,
            [
                P(.createGreen, green: 4, blue: 4), P(.pause, green: 4, blue: 4, seconds: 600),
                P(.shift, green: 4, blue: 0), P(.retireBlue, green: 4, blue: 0),
            ]
        ),
    ]

    @Test(arguments: cases.indices)
    func phases(_ index: Int) {
        let (name, strategy, desired, surge, expected) = Self.cases[index]
        #expect(RolloutPlanner.phases(strategy, desired: desired, surge: surge) == expected, "\(name)")
    }

    @Test func overlapIsTheBootOfEveryNewNodeAndWhatRunsAboveDesiredThroughAPause() {
        let canary = RolloutPlanner.phases(.canary(steps: [10, 50], pauseSeconds: 300), desired: 6, surge: 2)
        // Six new nodes booting five minutes each; blue shrinks as green grows, so pauses add nothing.
        #expect(abs(RolloutPlanner.overlapNodeHours(canary, desired: 6) - 6 * 5.0 / 60) < 1e-9)
        let blueGreen = RolloutPlanner.phases(.blueGreen(bakeSeconds: 600), desired: 4, surge: 4)
        // Four booting for five minutes, then four above desired through a ten-minute bake.
        #expect(abs(RolloutPlanner.overlapNodeHours(blueGreen, desired: 4) - (4 * 5.0 / 60 + 4 * 600.0 / 3600)) < 1e-9)
    }

    /// Every phase ends with `desired ≤ blue + green ≤ desired + surge`, no group below zero or
    /// green above the pool, and the last phase leaves green alone at the pool's size.
    @Test func everyPhaseKeepsTheCapacityInvariants() {
        let strategies: [RolloutStrategy] = [
            .canary(steps: [10, 50], pauseSeconds: 1), .canary(steps: [1], pauseSeconds: 1),
            .canary(steps: [25, 50, 75], pauseSeconds: 1), .canary(steps: [99], pauseSeconds: 1),
            .blueGreen(bakeSeconds: 1),
        ]
        for strategy in strategies {
            for desired in 0...13 {
                for declaredSurge in 1...5 {
                    // What the planner uses: blue/green runs the whole pool beside blue.
                    let isBlueGreen = if case .blueGreen = strategy { true } else { false }
                    let surge = isBlueGreen ? max(declaredSurge, desired) : declaredSurge
                    let phases = RolloutPlanner.phases(strategy, desired: desired, surge: surge)
                    let label = "\(strategy.summary), desired \(desired), surge \(surge)"
                    #expect(phases.first?.kind == .createGreen, "\(label)")
                    #expect(phases.last == P(.retireBlue, green: desired, blue: 0), "\(label)")
                    var green = 0
                    for phase in phases {
                        #expect(phase.blue >= 0 && phase.green >= 0 && phase.green <= desired, "\(label): \(phase)")
                        let total = phase.green + phase.blue
                        #expect(phase.kind == .retireBlue || total >= desired, "\(label): \(phase)")
                        // Green grows before blue shrinks: the peak of a move is the old blue plus the new green.
                        #expect(phase.green - green <= surge, "\(label): \(phase)")
                        #expect(total <= desired + surge, "\(label): \(phase)")
                        green = phase.green
                    }
                }
            }
        }
    }
}
