import ArgumentParser
import FleetformDSL
import FleetformPlans
import Foundation

extension Fleetform {
    /// `fleetform stacks`: the stacks compiled into this build.
    struct Stacks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stacks in plans/.",
            discussion: "Example: fleetform stacks")

        func run() async throws {
            let cwd = FileManager.default.currentDirectoryPath
            var rows = [["STACK", "REGION", "DR REGION", "DECLARED AT", "SUMMARY"]]
            for stack in allStacks {
                rows.append([
                    stack.name, stack.region.code, stack.drRegion?.code ?? "-", stack.location.render(relativeTo: cwd),
                    stack.summary,
                ])
            }
            Console.out(TextTable.render(rows))
        }
    }
}

/// Left-aligned text columns separated by two spaces.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
