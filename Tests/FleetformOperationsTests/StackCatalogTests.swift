import FleetformDSL
import FleetformModel
import FleetformOperations
import Testing

@Suite struct StackCatalogTests {
    func stack(_ name: String, line: Int) -> Stack {
        Stack(name, region: .usEast1, file: "/src/infra/plans/\(name)-\(line).swift", line: line) { _ in
            Bucket("b")
        }
    }

    @Test func twoStacksWithOneNameAreADiagnosticNamingBoth() throws {
        let catalog = StackCatalog([
            stack("training", line: 3), stack("inference", line: 5), stack("training", line: 9),
        ])
        #expect(catalog.diagnostics.count == 1)
        let diagnostic = try #require(catalog.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location == SourceLocation(file: "/src/infra/plans/training-9.swift", line: 9))
        #expect(diagnostic.message.contains("/src/infra/plans/training-3.swift:3"), "\(diagnostic.message)")
        #expect(catalog.names == ["inference", "training"])
        #expect(catalog["training"]?.location.line == 3)
    }

    @Test func anUnknownOrMissingStackIsAnErrorListingTheKnownOnes() {
        let catalog = StackCatalog([stack("training", line: 1), stack("preview", line: 2)])
        #expect(catalog.diagnostics.isEmpty)
        #expect(throws: OperationError.self) { try catalog.stack(named: nil) }
        do {
            _ = try catalog.stack(named: "trainig")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("no stack named 'trainig'; known stacks: training, preview"), "\(error)")
        }
    }
}
