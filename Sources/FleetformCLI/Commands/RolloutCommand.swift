import ArgumentParser
import FleetformModel
import FleetformOperations

extension Fleetform {
    /// `fleetform rollout status | continue | abort`: inspect and steer a pool rollout.
    struct RolloutGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollout",
            abstract: "Inspect and steer pool rollouts (canary, blue/green) that stopped.",
            subcommands: [Status.self, Continue.self, Abort.self])

        /// `fleetform rollout status`.
        struct Status: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show each pool's rollout: phase, status, nodes in service at each phase.",
                discussion: "Example: fleetform rollout status --stack inference --env prod")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var stateOptions: StateOptions

            func run() async throws {
                let project = global.project.value
                let printer = ProgressPrinter(json: false, root: project.root)
                let records = try await RolloutOperation(project: project, output: printer)
                    .status(global.target, state: stateOptions.selection)
                guard !records.isEmpty else {
                    Console.out("No rollouts recorded in \(global.target.stack ?? "")/\(global.target.environment).\n")
                    return
                }
                for record in records { Console.out(RolloutGroup.describe(record)) }
            }
        }

        /// `fleetform rollout continue`.
        struct Continue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Carry on the rollouts under way from the phase where they stopped.",
                discussion: "Example: fleetform rollout continue --stack inference --env prod")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var stateOptions: StateOptions
            @OptionGroup var cloud: CloudOptions

            func run() async throws {
                try await RolloutGroup.steer(global, stateOptions, cloud, abort: false)
            }
        }

        /// `fleetform rollout abort`.
        struct Abort: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Roll the rollouts under way back: blue to full size, green deleted.",
                discussion: "Example: fleetform rollout abort --stack inference --env prod")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var stateOptions: StateOptions
            @OptionGroup var cloud: CloudOptions

            func run() async throws {
                try await RolloutGroup.steer(global, stateOptions, cloud, abort: true)
            }
        }

        static func steer(
            _ global: GlobalOptions, _ state: StateOptions, _ cloud: CloudOptions, abort: Bool
        ) async throws {
            let project = global.project.value
            let printer = ProgressPrinter(json: false, root: project.root)
            let outcome = try await RolloutOperation(project: project, output: printer)
                .steer(global.target, state: state.selection, cloud: cloud.settings, abort: abort)
            for group in outcome.completed { Console.out("\(group): rollout complete.\n") }
            for (group, reason) in outcome.rolledBack { Console.out("\(group): rolled back to blue (\(reason)).\n") }
            for (group, message) in outcome.failures { Console.error("Error: \(group): \(message)") }
            if !outcome.failures.isEmpty || (!abort && !outcome.rolledBack.isEmpty) { throw ExitCode(1) }
        }

        /// A record as `status` prints it.
        static func describe(_ record: RolloutRecord) -> String {
            var out =
                "\(record.group): generation \(record.generation), \(record.status.rawValue), "
                + "\(record.completed) of \(record.phases.count) phase(s) done (\(record.policy.strategy.summary), "
                + "\(record.desired) node(s), surge \(record.surge))\n"
            if let reason = record.reason { out += "  reason: \(reason)\n" }
            for observation in record.observations {
                out +=
                    "  phase \(observation.phase + 1): blue \(observation.blueInService) + green "
                    + "\(observation.greenInService) in service (\(record.desired)…\(record.desired + record.surge)) "
                    + (observation.invariantsHold ? "ok" : "OUTSIDE") + "\n"
            }
            return out
        }
    }
}
