import ArgumentParser
import FleetformCost
import FleetformDSL
import FleetformEngine
import FleetformModel
import FleetformOperations
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
                  fleetform plan --stack preview --env pr-123 --markdown > comment.md   # plan + cost, for a pull-request comment
                Exit codes with --detailed-exitcode: 0 no changes, 1 error, 2 changes present.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var planOptions: PlanFlags
        @OptionGroup var cloud: CloudOptions

        @Option(
            help:
                "Read every resource from the cloud first and show drift (needs credentials when the state has resources)."
        )
        var refresh = true

        @Flag(help: "Only refresh: show what changed outside Fleetform, plan no change.")
        var refreshOnly = false

        @Flag(help: "Plan to destroy every resource in the state (what 'fleetform destroy' would do).")
        var destroy = false

        @Flag(help: "With --destroy, plan to delete the resources retained on destroy too.")
        var deleteRetained = false

        @Flag(help: "Print the plan in Terraform's JSON plan representation.")
        var json = false

        @Flag(help: "Print the plan and its cost as Markdown, for a pull-request comment.")
        var markdown = false

        @Option(help: ArgumentHelp("Save the plan to FILE for 'fleetform apply FILE'.", valueName: "FILE"))
        var out: String?

        @Flag(help: "Exit 0 when nothing would change, 2 when something would, 1 on error.")
        var detailedExitcode = false

        func validate() throws {
            if json && markdown { throw ValidationError("--json and --markdown each choose the output; pass one") }
            if deleteRetained && !destroy {
                throw ValidationError("--delete-retained plans a destroy: pass --destroy with it")
            }
        }

        func run() async throws {
            var settings = planOptions.settings
            settings.refreshOnly = refreshOnly
            settings.destroy = destroy
            settings.deleteRetained = deleteRetained
            let project = global.project.value
            let catalog = PlanCostLine.loadCatalog()
            let prepared = try await PlanPipeline(
                project: project, output: ProgressPrinter(json: json, root: project.root)
            )
            .prepare(
                global.target, state: stateOptions.selection, settings: settings,
                cloud: refresh || refreshOnly ? cloud.settings : nil, pricing: catalog)
            let plan = prepared.plan
            let cost = PlanCostLine.diff(
                plan, priorState: prepared.state, catalog: try await catalog.value,
                prior: try await prepared.priorCost?.value)
            if json {
                Console.out(
                    PlanJSONRenderer().render(
                        plan, priorState: prepared.priorState, costs: cost.costAttributeValues,
                        rolloutCosts: cost.oneOffAttributeValues) + "\n")
            } else if markdown {
                Console.out(PlanMarkdownRenderer().render(plan))
                if plan.hasChanges { Console.out("\n" + CostMarkdownRenderer().render(CostDocument(diff: cost))) }
            } else {
                Console.out(PlanTextRenderer(color: Console.useColor(noColor: global.noColor)).render(plan))
                if plan.hasChanges { Console.out(PlanCostLine.text(cost)) }
            }
            if let out {
                try PlanPipeline.save(plan, priorState: prepared.priorState, to: out)
                if !json && !markdown {
                    Console.out(
                        "\nSaved the plan to \(out). To perform exactly these actions, run: fleetform apply \(out)\n")
                }
            }
            // Exit here rather than unwind: freeing a 10,000-resource plan, state and cost
            // report costs more than the process exit that releases them anyway.
            await prepared.close()
            Foundation.exit(detailedExitcode && plan.hasChanges ? 2 : 0)
        }
    }
}

/// The planning flags shared by `plan`, `apply` and `destroy`.
struct PlanFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Plan from this manifest file (from 'fleetform synth') instead of a compiled stack.", valueName: "FILE"))
    var manifest: String?

    @Option(
        name: .customLong("target"),
        help: ArgumentHelp("Limit the plan to ADDR and what it depends on (repeatable).", valueName: "ADDR"))
    var targets: [String] = []

    @Option(
        name: .customLong("replace"),
        help: ArgumentHelp("Replace ADDR even if it has not changed (repeatable).", valueName: "ADDR"))
    var replace: [String] = []

    func validate() throws {
        for text in targets + replace where ResourceAddress(parsing: text) == nil {
            throw ValidationError(
                "'\(text)' is not a resource address (expected TYPE.NAME, module.M.TYPE.NAME or TYPE.NAME[\"KEY\"])")
        }
    }

    /// The settings these flags make.
    var settings: PlanSettings {
        PlanSettings(
            manifestFile: manifest, targets: targets.compactMap(ResourceAddress.init(parsing:)),
            replace: replace.compactMap(ResourceAddress.init(parsing:)))
    }
}
