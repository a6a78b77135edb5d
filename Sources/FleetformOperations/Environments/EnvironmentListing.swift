import FleetformCost
import FleetformEngine
import FleetformModel
import Foundation

/// What `fleetform env list` shows: every environment with a state, its age, expiry, size,
/// running cost and reap status, judged at the project's clock.
public struct EnvironmentListing: Sendable {
    /// One environment.
    public struct Row: Sendable {
        public var entry: EnvironmentScope.Entry
        public var verdict: ReapPolicy.Verdict
        public var costPerHour: Double

        /// `expired`, `live`, `no expiry`, `production` or `unreadable expiry`.
        public var status: String {
            switch verdict {
            case .expired: return "expired"
            case .live: return "live"
            case .noExpiry: return "no expiry"
            case .production: return "production"
            case .unreadableExpiry: return "unreadable expiry"
            }
        }

        /// The expiry and how far it is from `now` (`2026-12-02T08:00:00Z (in 7h59m)`), or `-`.
        public func expiryText(now: Date) -> String {
            guard let text = entry.state.metadata.expiresAt else { return "-" }
            guard let date = Date(rfc3339: text) else { return text }
            return "\(text) (\(AgeText.relative(date, now: now)))"
        }
    }

    public var rows: [Row]
    /// The catalog the costs come from.
    public var catalog: String
    /// When the listing was made.
    public var now: Date

    /// Lists `scope`'s environments, priced with `catalog`.
    public init(scope: EnvironmentScope, catalog: PriceCatalog) async throws {
        let estimator = CostEstimator(catalog: catalog)
        now = scope.project.clock.now()
        let policy = ReapPolicy(now: now)
        rows = try await scope.entries().map { entry in
            Row(
                entry: entry, verdict: policy.verdict(for: entry.state),
                costPerHour: estimator.estimate(entry.state).hourlyTotal)
        }
        self.catalog = estimator.catalogInfo.label
    }

    /// The table `env list` prints, with the catalog named after it.
    public func table() -> String {
        var table = [
            ["STACK", "ENVIRONMENT", "CREATED", "LAST APPLIED", "EXPIRES", "RESOURCES", "COST/HOUR", "STATUS"]
        ]
        for row in rows {
            table.append([
                row.entry.stack, row.entry.environment, row.entry.state.metadata.createdAt ?? "-",
                row.entry.state.metadata.lastAppliedAt ?? "-", row.expiryText(now: now),
                "\(row.entry.state.resources.count)", Money.usd(row.costPerHour), row.status,
            ])
        }
        return TextTable.render(table) + "Prices: \(catalog).\n"
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
    public func json() throws -> String {
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
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
