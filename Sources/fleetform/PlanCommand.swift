import ArgumentParser

import FleetformDSL
import FleetformEngine
import Foundation

extension Fleetform {
    /// `fleetform plan`: what applying the stack would change.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what applying a stack would create, change and destroy.",
            discussion: """
                Examples:
                  fleetform plan --stack training --env dev
                  fleetform plan --stack training --env prod --json > plan.json
                  fleetform plan --stack training --out training.plan --detailed-exitcode
                  fleetform plan --manifest manifest.json
                Exit codes with --detailed-exitcode: 0 no changes, 1 error, 2 changes present.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var planOptions: PlanFlags

        @Flag(help: "Print the plan in Terraform's JSON plan representation.")
        var json = false

        @Option(help: ArgumentHelp("Save the plan to FILE for 'fleetform apply FILE'.", valueName: "FILE"))
        var out: String?

        @Flag(help: "Exit 0 when nothing would change, 2 when something would, 1 on error.")
        var detailedExitcode = false

        func run() async throws {
            let prepared = try await PlanPipeline.prepare(global: global, stateOptions: stateOptions, flags: planOptions)
            let plan = prepared.plan
            if json {
                Console.out(PlanJSONRenderer().render(plan, priorState: prepared.priorState) + "\n")
            } else {
                Console.out(PlanTextRenderer(color: Console.useColor(noColor: global.noColor)).render(plan))
            }
            if let out {
                try PlanPipeline.save(plan, priorState: prepared.priorState, to: out)
                if !json { Console.out("\nSaved the plan to \(out). To perform exactly these actions, run: fleetform apply \(out)\n") }
            }
            if detailedExitcode && plan.hasChanges { throw ExitCode(2) }
        }
    }
}

/// The planning flags shared by `plan`, `apply` and `destroy`.
struct PlanFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Plan from this manifest file (from 'fleetform synth') instead of a compiled stack.", valueName: "FILE"))
    var manifest: String?

    @Option(name: .customLong("target"), help: ArgumentHelp("Limit the plan to ADDR and what it depends on (repeatable).", valueName: "ADDR"))
    var targets: [String] = []

    @Option(name: .customLong("replace"), help: ArgumentHelp("Replace ADDR even if it has not changed (repeatable).", valueName: "ADDR"))
    var replace: [String] = []

    @Flag(help: "Plan to destroy every resource in the state.")
    var destroy = false

    func validate() throws {
        for text in targets + replace where ResourceAddress(parsing: text) == nil {
            throw ValidationError("'\(text)' is not a resource address (expected TYPE.NAME, module.M.TYPE.NAME or TYPE.NAME[\"KEY\"])")
        }
    }

    var options: PlanOptions {
        PlanOptions(
            targets: targets.compactMap(ResourceAddress.init(parsing:)),
            replace: replace.compactMap(ResourceAddress.init(parsing:)), destroy: destroy)
    }
}

/// Manifest + state → plan, shared by every command that plans.
enum PlanPipeline {
    struct Prepared {
        var stack: Stack?
        var manifest: Manifest
        var backend: any StateBackend
        var priorState: State?
        var plan: FleetformModel.Plan
    }

    /// The manifest from `--manifest` or the compiled stack.
    static func manifest(global: GlobalOptions, flags: PlanFlags) throws -> (Stack?, Manifest) {
        if let file = flags.manifest {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw CLIError("cannot read the manifest file \(file); check the path")
            }
            let manifest = try ManifestFile.decode(Array(bytes), file: file)
            let stack = allStacksByName[manifest.stack]
            return (stack, manifest)
        }
        let (stack, manifest) = try StackLoader.synthesize(global)
        return (stack, manifest)
    }

    static func prepare(global: GlobalOptions, stateOptions: StateOptions, flags: PlanFlags) async throws -> Prepared {
        let (stack, manifest) = try manifest(global: global, flags: flags)
        let backend = try stateOptions.backend(for: stack)
        let prior = try await backend.read(stack: manifest.stack, environment: manifest.environment)
        let state = prior ?? State(lineage: "", stack: manifest.stack, environment: manifest.environment)
        do {
            let plan = try Planner().plan(manifest: manifest, state: state, schemas: ResourceSchemas.table, options: flags.options)
            return Prepared(stack: stack, manifest: manifest, backend: backend, priorState: prior, plan: plan)
        } catch let error as DiagnosticsError {
            try StackLoader.report(error.diagnostics)
            throw ExitCode(1)
        }
    }

    /// Writes a saved plan, bound to the prior state, readable only by its owner.
    static func save(_ plan: FleetformModel.Plan, priorState: State?, to path: String) throws {
        try PlanFile.write(SavedPlan(plan: plan, priorState: priorState), to: path)
    }
}
