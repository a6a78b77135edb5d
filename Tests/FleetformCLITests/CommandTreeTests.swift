import ArgumentParser
import Testing

@testable import FleetformCLI

/// Every command, found by walking the command tree from the root: each accepts `--no-color`
/// and `--root`, and each has an abstract and an example.
@Suite struct CommandTreeTests {
    static func leaves(_ command: any ParsableCommand.Type, path: [String] = []) -> [(
        path: [String], type: any ParsableCommand.Type
    )] {
        let subcommands = command.configuration.subcommands
        if subcommands.isEmpty { return [(path, command)] }
        return subcommands.flatMap { sub in
            leaves(sub, path: path + [sub.configuration.commandName ?? sub._commandName])
        }
    }

    @Test func everyCommandAcceptsNoColorAndRoot() {
        let all = Self.leaves(FleetformCommand.self)
        #expect(all.count >= 28, "\(all.map { $0.path.joined(separator: " ") })")
        for (path, type) in all {
            let help = FleetformCommand.helpMessage(for: type, columns: 400)
            let name = path.joined(separator: " ")
            #expect(help.contains("--no-color"), "fleetform \(name) does not accept --no-color")
            #expect(help.contains("--root"), "fleetform \(name) does not accept --root")
            #expect(!type.configuration.abstract.isEmpty, "fleetform \(name) has no abstract")
        }
    }

    @Test func noColorParsesEverywhereWithoutOtherArguments() throws {
        // Commands without required arguments parse `--no-color` alone.
        for path in [["stacks"], ["env", "list"], ["instance-types"], ["pricing", "show"], ["state", "list"]] {
            let command = try FleetformCommand.parseAsRoot(path + ["--no-color"])
            #expect("\(type(of: command))".isEmpty == false, "\(path)")
        }
    }
}
