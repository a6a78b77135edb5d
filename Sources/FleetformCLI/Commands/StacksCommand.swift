import ArgumentParser
import FleetformDSL
import FleetformOperations

extension Fleetform {
    /// `fleetform stacks`: the stacks this executable was built with.
    struct Stacks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stacks this executable was built with.",
            discussion: "Example: fleetform stacks")

        @OptionGroup var project: ProjectOptions

        func run() async throws {
            let project = project.value
            var paths = SourcePaths(root: project.root)
            var rows = [["STACK", "REGION", "DR REGION", "DECLARED AT", "SUMMARY"]]
            for stack in project.stacks.stacks {
                rows.append([
                    stack.name, stack.region.code, stack.drRegion?.code ?? "-",
                    paths.relative(stack.location).description,
                    stack.summary,
                ])
            }
            Console.out(TextTable.render(rows))
        }
    }
}
