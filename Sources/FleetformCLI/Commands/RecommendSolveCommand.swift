import ArgumentParser
import FleetformCapacity
import FleetformModel
import FleetformOperations
import Foundation

/// `fleetform recommend solve FILE.json…`: solves deterministic capacity problems written as
/// JSON (``CapacityProblem``'s Codable form) with the exact core and prints one JSON line per
/// file with the cost, the reserved count and the solve time. Used by scripts/bench-capacity.
struct RecommendSolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve deterministic capacity problems from JSON files (for benchmarks).",
        shouldDisplay: false)

    @Argument(help: "Problem files.")
    var files: [String]

    @Option(help: "Solve each problem this many times and report the best time.")
    var repeats: Int = 3

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        for file in files {
            let problem: CapacityProblem
            do {
                problem = try JSONDecoder().decode(
                    CapacityProblem.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw OperationError("\(file): not a capacity problem (\(error)); see CapacityProblem")
            }
            // The fastest of `repeats` solves (the solver is deterministic: every solve is the same).
            var (solution, best) = try Self.timed { try CapacitySolver().solve(problem) }
            for _ in 1..<max(1, repeats) { best = min(best, try Self.timed { try CapacitySolver().solve(problem) }.1) }
            let feasible = problem.isFeasible(solution)
            print(
                "{\"file\":\(JSONLiteral.quote(file)),\"cost\":\(solution.cost),\"reserved\":\(solution.reservedCount),"
                    + "\"feasible\":\(feasible),\"seconds\":\(best)}")
        }
    }

    /// The value `body` returns and how many seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        let elapsed = start.duration(to: clock.now)
        return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
