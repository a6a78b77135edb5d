import ArgumentParser
import FleetformDSL
import FleetformEngine
import Foundation

extension Fleetform {
    /// `fleetform state …`: inspect and edit the state of a stack environment.
    struct StateGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "state",
            abstract: "Inspect and edit state: list, show, rm, mv, pull, push, unlock.",
            subcommands: [StateList.self, StateShow.self, StateRemove.self, StateMove.self, StatePull.self, StatePush.self, StateUnlock.self])
    }
}

/// Opens the state of `--stack`/`--env` for the state commands.
enum StateAccess {
    /// The workspace of the selected stack environment (the stack need not be compiled in when
    /// `--state` names the file).
    static func workspace(_ global: GlobalOptions, _ stateOptions: StateOptions) throws -> Workspace {
        guard let name = global.stack else {
            throw CLIError("--stack is required; known stacks: \(allStacksByName.keys.sorted().joined(separator: ", "))")
        }
        let stack = allStacksByName[name]
        if stack == nil && stateOptions.statePath == nil {
            throw CLIError("no stack named '\(name)'; known stacks: \(allStacksByName.keys.sorted().joined(separator: ", ")) (or pass --state PATH)")
        }
        return try PlanPipeline.workspace(stack: stack, stackName: name, environment: global.env, stateOptions: stateOptions)
    }

    /// The stored state, or an error saying there is none.
    static func read(_ workspace: Workspace) async throws -> State {
        guard let state = try await workspace.backend.read(stack: workspace.stack, environment: workspace.environment) else {
            throw CLIError("\(workspace.stack)/\(workspace.environment) has no state at \(workspace.backend.location(stack: workspace.stack, environment: workspace.environment)); nothing has been applied there")
        }
        return state
    }

    /// Runs `edit` on the stored state under the lock and writes the result as the next serial.
    static func edit(_ workspace: Workspace, command: String, lockTimeout: Duration = .zero, _ edit: (inout State) throws -> Void) async throws {
        try await workspace.withLock(command: command, timeout: lockTimeout) {
            var state = try await read(workspace)
            try edit(&state)
            try await workspace.persist(state)
        }
    }

    /// Parses an address argument.
    static func address(_ text: String) throws -> ResourceAddress {
        guard let address = ResourceAddress(parsing: text) else {
            throw ValidationError("'\(text)' is not a resource address (expected TYPE.NAME, module.M.TYPE.NAME or TYPE.NAME[\"KEY\"])")
        }
        return address
    }
}

struct StateList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the addresses in state.",
        discussion: "Example: fleetform state list --stack training --env dev aws_subnet")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "Only addresses starting with these prefixes.")
    var prefixes: [String] = []

    func run() async throws {
        let state = try await StateAccess.read(try StateAccess.workspace(global, stateOptions))
        for resource in state.sortedResources {
            let text = resource.address.description
            if prefixes.isEmpty || prefixes.contains(where: { text.hasPrefix($0) }) { Console.out(text + "\n") }
        }
    }
}

struct StateShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one resource's id and attributes (sensitive values masked).",
        discussion: "Example: fleetform state show --stack training aws_autoscaling_group.trainers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "The resource address.")
    var address: String

    func run() async throws {
        let target = try StateAccess.address(address)
        let state = try await StateAccess.read(try StateAccess.workspace(global, stateOptions))
        guard let resource = state.resources[target] else {
            throw CLIError("\(address) is not in state; 'fleetform state list' shows what is")
        }
        var lines = ["# \(resource.address):", "resource \"\(resource.type)\" \"\(resource.address.name)\" {", "    id = \"\(resource.id)\""]
        let width = resource.attributes.keys.map(\.count).max() ?? 0
        for key in resource.attributes.keys.sorted() {
            let value = resource.sensitive.contains(key) ? "(sensitive value)" : resource.attributes[key]!.description
            lines.append("    \(key.padding(toLength: width, withPad: " ", startingAt: 0)) = \(value)")
        }
        lines.append("    # region: \(resource.provider.region)")
        if !resource.dependencies.isEmpty { lines.append("    # depends on: " + resource.dependencies.map(\.description).joined(separator: ", ")) }
        lines.append("}")
        Console.out(lines.joined(separator: "\n") + "\n")
    }
}

struct StateRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Forget resources (they stay in the cloud; Fleetform stops managing them).",
        discussion: "Example: fleetform state rm --stack training aws_s3_bucket.datasets")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "Addresses to remove.")
    var addresses: [String]

    func run() async throws {
        let targets = try addresses.map(StateAccess.address)
        try await StateAccess.edit(try StateAccess.workspace(global, stateOptions), command: "fleetform state rm") { state in
            for target in targets where state.resources[target] == nil {
                throw CLIError("\(target) is not in state; nothing was removed")
            }
            for target in targets { state.resources[target] = nil }
        }
        Console.out("Removed \(targets.count) resource\(targets.count == 1 ? "" : "s") from state (they still exist in the cloud).\n")
    }
}

struct StateMove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv", abstract: "Rename a resource in state (after renaming it in the stack), so it is not replaced.",
        discussion: "Example: fleetform state mv --stack training aws_s3_bucket.data aws_s3_bucket.datasets")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "The current address.")
    var from: String

    @Argument(help: "The new address (same type).")
    var to: String

    func run() async throws {
        let source = try StateAccess.address(from), destination = try StateAccess.address(to)
        guard source.type == destination.type else {
            throw CLIError("cannot move \(source) to \(destination): the types differ")
        }
        try await StateAccess.edit(try StateAccess.workspace(global, stateOptions), command: "fleetform state mv") { state in
            guard var resource = state.resources[source] else { throw CLIError("\(source) is not in state") }
            guard state.resources[destination] == nil else {
                throw CLIError("\(destination) is already in state; remove it first or choose another address")
            }
            resource.address = destination
            state.resources[source] = nil
            state.resources[destination] = resource
            for (address, var other) in state.resources where other.dependencies.contains(source) {
                other.dependencies = other.dependencies.map { $0 == source ? destination : $0 }
                state.resources[address] = other
            }
        }
        Console.out("Moved \(source) to \(destination).\n")
    }
}

struct StatePull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Print the state file (from any backend) to standard output.",
        discussion: "Example: fleetform state pull --stack training --env prod > prod.json")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    func run() async throws {
        let state = try await StateAccess.read(try StateAccess.workspace(global, stateOptions))
        Console.out(String(decoding: StateFile.encode(state), as: UTF8.self) + "\n")
    }
}

struct StatePush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Replace the state with a file (same lineage, serial not behind; --force to override).",
        discussion: "Example: fleetform state push --stack training --env prod prod.json")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "The state file to push.")
    var file: String

    @Flag(help: "Push even if the lineage differs or the serial is behind.")
    var force = false

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file); check the path") }
        let pushed = try StateFile.decode(Array(bytes), file: file)
        let workspace = try StateAccess.workspace(global, stateOptions)
        guard pushed.stack == workspace.stack, pushed.environment == workspace.environment else {
            throw CLIError("\(file) is the state of \(pushed.stack)/\(pushed.environment), not \(workspace.stack)/\(workspace.environment)")
        }
        try await workspace.withLock(command: "fleetform state push") {
            var next = pushed
            if let current = try await workspace.backend.read(stack: workspace.stack, environment: workspace.environment) {
                if current.lineage != pushed.lineage && !force {
                    throw CLIError("\(file) has lineage \(pushed.lineage), but the stored state has \(current.lineage): it belongs to another history; pass --force to replace it anyway")
                }
                if pushed.serial < current.serial && !force {
                    throw CLIError("\(file) has serial \(pushed.serial), behind the stored \(current.serial): it would undo newer changes; pass --force to push it anyway")
                }
                next.lineage = current.lineage
                next.serial = max(pushed.serial, current.serial)
            }
            try await workspace.persist(next)
        }
        Console.out("Pushed \(file) (\(pushed.resources.count) resources).\n")
    }
}

struct StateUnlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock", abstract: "Release a lock left by a run that died.",
        discussion: "Example: fleetform state unlock --stack training --env prod 3f2a…")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "The lock id printed by the run that found it.")
    var lockID: String

    func run() async throws {
        let workspace = try StateAccess.workspace(global, stateOptions)
        try await workspace.backend.unlock(stack: workspace.stack, environment: workspace.environment, id: lockID)
        Console.out("Released lock \(lockID) of \(workspace.stack)/\(workspace.environment).\n")
    }
}
