import ArgumentParser
import FleetformDSL
import FleetformEngine
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform state …`: inspect and edit the state of a stack environment.
    struct StateGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "state",
            abstract: "Inspect and edit state: list, show, rm, mv, pull, push, unlock, export.",
            subcommands: [
                StateList.self, StateShow.self, StateRemove.self, StateMove.self, StatePull.self, StatePush.self,
                StateUnlock.self, StateExport.self,
            ])
    }
}

/// Opens the state of `--stack`/`--env` for the state commands.
enum StateAccess {
    static func editor(_ global: GlobalOptions, _ stateOptions: StateOptions) throws -> StateEditor {
        try StateEditor(
            project: global.project.value, target: global.target, selection: stateOptions.selection,
            warn: { Console.error($0) })
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
        for address in try await StateAccess.editor(global, stateOptions).list(prefixes: prefixes) {
            Console.out(address.description + "\n")
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
        let target = try AddressArgument.parse(address)
        Console.out(try await StateAccess.editor(global, stateOptions).show(target))
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
        let targets = try addresses.map(AddressArgument.parse)
        try await StateAccess.editor(global, stateOptions).remove(targets)
        Console.out(
            "Removed \(targets.count) resource\(targets.count == 1 ? "" : "s") from state (they still exist in the cloud).\n"
        )
    }
}

struct StateMove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Rename a resource in state (after renaming it in the stack), so it is not replaced.",
        discussion: "Example: fleetform state mv --stack training aws_s3_bucket.data aws_s3_bucket.datasets")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "The current address.")
    var from: String

    @Argument(help: "The new address (same type).")
    var to: String

    func run() async throws {
        let source = try AddressArgument.parse(from), destination = try AddressArgument.parse(to)
        try await StateAccess.editor(global, stateOptions).move(from: source, to: destination)
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
        let state = try await StateAccess.editor(global, stateOptions).read()
        Console.out(String(decoding: StateFile.encode(state), as: UTF8.self) + "\n")
    }
}

struct StatePush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Replace the state with a file (same lineage, serial not behind; --force to override).",
        discussion: "Example: fleetform state push --stack training --env prod prod.json")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stateOptions: StateOptions

    @Argument(help: "The state file to push.")
    var file: String

    @Flag(help: "Push even if the lineage differs or the serial is behind.")
    var force = false

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: file) else {
            throw OperationError("cannot read \(file); check the path")
        }
        let pushed = try StateFile.decode(Array(bytes), file: file)
        try await StateAccess.editor(global, stateOptions).push(pushed, file: file, force: force)
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
        let editor = try StateAccess.editor(global, stateOptions)
        try await editor.unlock(id: lockID)
        Console.out("Released lock \(lockID) of \(editor.workspace.stack)/\(editor.workspace.environment).\n")
    }
}
