import Foundation
import Testing

/// The workflows in examples/ci/ call only commands and flags that exist.
struct CIExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each `fleetform …` invocation in `text`: its subcommand path and the `--flags` it passes.
    static func invocations(in text: String) -> [(path: [String], flags: [String])] {
        var found: [(path: [String], flags: [String])] = []
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            var rest = Substring(line)
            while let range = rest.range(of: "fleetform ") {
                let before = rest[..<range.lowerBound].last
                rest = rest[range.upperBound...]
                // `fleetform-pr`, a path or a word ending in fleetform is not a call.
                guard before == nil || before == " " || before == "\"" || before == "(" else { continue }
                let words = rest.prefix { $0 != "&" && $0 != "|" && $0 != ">" && $0 != ";" }.split(separator: " ").map(
                    String.init)
                let path = Array(words.prefix { !$0.hasPrefix("-") && !$0.hasPrefix("\"") && !$0.hasPrefix("$") })
                let flags = words.filter { $0.hasPrefix("--") }.map { String($0.prefix { $0 != "=" }) }
                if !path.isEmpty { found.append((path, flags)) }
            }
        }
        return found
    }

    @Test func everyFleetformCallInTheWorkflowsParses() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let directory = Self.root.appendingPathComponent("examples/ci")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yml") }
            .sorted()
        #expect(files == ["pull-request.yml", "reaper.yml"])
        var checked = 0
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for call in Self.invocations(in: text) {
                let help = try cli.run(call.path + ["--help"])
                #expect(help.status == 0, "\(file): fleetform \(call.path.joined(separator: " ")): \(help.stderr)")
                for flag in call.flags {
                    #expect(
                        help.stdout.contains(flag),
                        "\(file): fleetform \(call.path.joined(separator: " ")) has no \(flag)")
                }
                checked += 1
            }
        }
        #expect(checked >= 8, "only \(checked) fleetform calls found")
    }
}
