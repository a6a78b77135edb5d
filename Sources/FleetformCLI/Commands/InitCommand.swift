import ArgumentParser
import FleetformModel
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform init [DIR]`: a new team repository for Fleetform stacks.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create a Swift package for your own stacks: Fleetform's CLI over a starter stack, with CI workflows.",
            discussion: """
                Examples:
                  fleetform init infra                                  # depends on Fleetform \(FleetformVersion.current) by URL
                  fleetform init infra --fleetform-path ../fleetform    # on a local checkout of Fleetform
                Writes Package.swift, Sources/Infra/Infra.swift (the `fleetform` executable), plans/ with a starter \
                stack (a network, a spot GPU pool, an encrypted bucket), .gitignore, README.md and \
                .github/workflows/. Refuses a directory that is not empty unless --force, and never overwrites a file.
                """)

        @Argument(
            help: ArgumentHelp(
                "The directory to create the package in (default: the working directory).", valueName: "DIR"))
        var directory: String?

        @Option(
            help: ArgumentHelp(
                "Depend on the Fleetform checkout at PATH instead of the published package.", valueName: "PATH"))
        var fleetformPath: String?

        @Option(help: ArgumentHelp("The Fleetform package URL.", valueName: "URL"))
        var fleetformURL: String = FleetformVersion.repositoryURL

        @Option(help: ArgumentHelp("The lowest Fleetform version to depend on.", valueName: "VERSION"))
        var fleetformVersion: String = FleetformVersion.current

        @Option(help: ArgumentHelp("The package's name (default: the directory's name).", valueName: "NAME"))
        var name: String?

        @Flag(help: "Write into a directory that is not empty (existing files are still never overwritten).")
        var force = false

        @OptionGroup var project: ProjectOptions

        func run() async throws {
            let cwd = URL(fileURLWithPath: Console.workingDirectory)
            let target = URL(fileURLWithPath: directory ?? ".", relativeTo: cwd).standardizedFileURL
            let dependency: ProjectScaffold.Dependency =
                fleetformPath.map {
                    .path(URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL.path)
                } ?? .release(url: fleetformURL, version: fleetformVersion)
            let scaffold = ProjectScaffold(
                packageName: name ?? ProjectScaffold.packageName(for: target.lastPathComponent), dependency: dependency)
            let written = try ProjectWriter(directory: target.path, force: force).write(scaffold.files)
            Console.out("Created \(scaffold.packageName) in \(target.path):\n")
            for path in written.created { Console.out("  \(path)\n") }
            for path in written.kept { Console.out("  \(path) (exists; left as it was)\n") }
            Console.out(
                """

                Next:
                  cd \(directory ?? ".")
                  swift build -c release --product fleetform && export PATH="$PWD/.build/release:$PATH"
                  fleetform plan --stack platform --env dev

                """)
        }
    }
}
