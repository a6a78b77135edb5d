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

    /// `{"catalog": …, "environments": [{"stack", "name", "created_at", …}]}`, keys sorted.
    public func json() -> String {
        func optional(_ text: String?) -> JSONText { text.map { .string($0) } ?? .null }
        let environments = rows.map { row -> JSONText in
            let metadata = row.entry.state.metadata
            return .object([
                ("cost_per_hour", .number((row.costPerHour * 10_000).rounded() / 10_000)),
                ("created_at", optional(metadata.createdAt)), ("expires_at", optional(metadata.expiresAt)),
                ("last_applied_at", optional(metadata.lastAppliedAt)), ("name", .string(row.entry.environment)),
                ("production", .bool(row.verdict == .production)),
                ("resources", .number(Double(row.entry.state.resources.count))), ("stack", .string(row.entry.stack)),
                ("status", .string(row.status)),
            ])
        }
        return JSONText.object([("catalog", .string(catalog)), ("environments", .array(environments))]).rendered()
    }
}
