import ArgumentParser
import FleetformDSL
import FleetformModel
import FleetformOperations
import Foundation

/// Fleetform's command-line interface over a team's own stacks.
///
/// A team's infrastructure repository is a Swift package whose executable is a few lines:
///
/// ```swift
/// import FleetformCLI
///
/// @main struct Infra {
///     static func main() async { await Fleetform.main(stacks: [training, inference]) }
/// }
/// ```
///
/// It then has every command: `plan`, `apply`, `destroy`, `cost`, `env reap`, `recommend`, ….
public enum Fleetform {
    /// Runs the command named by the process arguments over `stacks` and exits.
    public static func main(stacks: [Stack]) async -> Never {
        await main(stacks: stacks, arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// Runs the command `arguments` name over `stacks` and exits with its status.
    public static func main(stacks: [Stack], arguments: [String]) async -> Never {
        let catalog = StackCatalog(stacks)
        if !catalog.diagnostics.isEmpty {
            Console.report(catalog.diagnostics, root: Console.workingDirectory)
            exit(1)
        }
        let status = await CommandContext.$current.withValue(CommandContext(stacks: catalog)) {
            await run(arguments)
        }
        exit(status)
    }

    /// Parses and runs one command; returns the exit status, having printed any error.
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try FleetformCommand.parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as DiagnosticsError {
            Console.report(error.diagnostics, root: CommandContext.current?.lastRoot ?? Console.workingDirectory)
            return 1
        } catch let exit as OperationExit {
            return exit.code
        } catch {
            let code = FleetformCommand.exitCode(for: error)
            let message = FleetformCommand.fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message + "\n") } else { Console.error(message) }
            }
            return code.rawValue
        }
    }
}

/// The root command: its configuration lists every subcommand.
struct FleetformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleetform",
        abstract: "Infrastructure as code for ML platforms: plan, apply and price GPU capacity.",
        version: FleetformVersion.current,
        subcommands: [
            Fleetform.Init.self, Fleetform.Stacks.self, Fleetform.Validate.self, Fleetform.Synth.self,
            Fleetform.Plan.self, Fleetform.Apply.self, Fleetform.Destroy.self, Fleetform.Refresh.self,
            Fleetform.Import.self, Fleetform.Export.self, Fleetform.StateGroup.self, Fleetform.Env.self,
            Fleetform.Graph.self, Fleetform.Cost.self, Fleetform.Pricing.self, Fleetform.InstanceTypes.self,
            Fleetform.Forecast.self, Fleetform.Recommend.self, Fleetform.RolloutGroup.self, Fleetform.Providers.self,
        ]
    )
}
