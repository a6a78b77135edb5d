import ArgumentParser
import FleetformCost
import FleetformEngine
import FleetformModel
import Foundation

extension Fleetform {
    /// `fleetform env list`: every environment with a state, its age, expiry, size and running cost.
    struct EnvList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the environments that have a state: created, last applied, expiry, resources, cost per hour.",
            discussion: """
                Examples:
                  fleetform env list --stack preview
                  fleetform env list --json
                Cost per hour prices the resources the state records with the price catalog (see 'fleetform cost').
                """)

        @Option(help: "Only this stack (default: every stack).")
        var stack: String?

        @OptionGroup var stateOptions: StateOptions

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @Option(
            name: .customLong("price-catalog"),
            help: ArgumentHelp("Price with this catalog file instead of the cache or the bundled snapshot.", valueName: "FILE"))
        var priceCatalog: String?

        func run() async throws {
            let scope = EnvironmentScope(stateOptions: stateOptions, stack: stack)
            let estimator = CostEstimator(catalog: try CostCommandSupport.loadCatalog(priceCatalog))
            let now = Date()
            let policy = ReapPolicy(now: now)
            let rows = try await scope.entries().map { entry in
                EnvironmentRow(entry: entry, verdict: policy.verdict(for: entry.state),
                    costPerHour: estimator.estimate(entry.state).hourlyTotal)
            }
            if json {
                Console.out(EnvironmentRow.json(rows, catalog: estimator.catalogInfo.label) + "\n")
                return
            }
            guard !rows.isEmpty else {
                Console.out("No environments" + (stack.map { " of stack \($0)" } ?? "") + " have a state.\n")
                return
            }
            var table = [["STACK", "ENVIRONMENT", "CREATED", "LAST APPLIED", "EXPIRES", "RESOURCES", "COST/HOUR", "STATUS"]]
            for row in rows {
                table.append([
                    row.entry.stack, row.entry.environment, row.entry.state.metadata.createdAt ?? "-",
                    row.entry.state.metadata.lastAppliedAt ?? "-", row.expiryText(now: now),
                    "\(row.entry.state.resources.count)", Money.usd(row.costPerHour), row.status,
                ])
            }
            Console.out(TextTable.render(table))
            Console.out("Prices: \(estimator.catalogInfo.label).\n")
        }
    }
}

/// One line of `env list`.
struct EnvironmentRow {
    var entry: EnvironmentScope.Entry
    var verdict: ReapPolicy.Verdict
    var costPerHour: Double

    /// `expired`, `live`, `no expiry`, `production` or `unreadable expiry`.
    var status: String {
        switch verdict {
        case .expired: return "expired"
        case .live: return "live"
        case .noExpiry: return "no expiry"
        case .production: return "production"
        case .unreadableExpiry: return "unreadable expiry"
        }
    }

    func expiryText(now: Date) -> String {
        guard let text = entry.state.metadata.expiresAt else { return "-" }
        guard let date = Date(rfc3339: text) else { return text }
        return "\(text) (\(AgeText.relative(date, now: now)))"
    }

    private struct Document: Encodable {
        var catalog: String
        var environments: [Item]
    }

    private struct Item: Encodable {
        var stack: String
        var name: String
        var createdAt: String?
        var lastAppliedAt: String?
        var expiresAt: String?
        var status: String
        var production: Bool
        var resources: Int
        var costPerHour: Double

        enum CodingKeys: String, CodingKey {
            case stack, name, status, production, resources
            case createdAt = "created_at", lastAppliedAt = "last_applied_at", expiresAt = "expires_at"
            case costPerHour = "cost_per_hour"
        }
    }

    /// `{"catalog": …, "environments": [{"stack", "name", "created_at", …}]}`.
    static func json(_ rows: [EnvironmentRow], catalog: String) -> String {
        let document = Document(
            catalog: catalog,
            environments: rows.map { row in
                let metadata = row.entry.state.metadata
                return Item(
                    stack: row.entry.stack, name: row.entry.environment, createdAt: metadata.createdAt,
                    lastAppliedAt: metadata.lastAppliedAt, expiresAt: metadata.expiresAt, status: row.status,
                    production: row.verdict == .production, resources: row.entry.state.resources.count,
                    costPerHour: (row.costPerHour * 10_000).rounded() / 10_000)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self)
    }
}
