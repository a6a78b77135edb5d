import FleetformCost
import Foundation

/// Loads the price catalog reports use, with errors an operation reports.
public enum CatalogLoader {
    /// The catalog at `path`, or the refreshed cache, or the bundled snapshot.
    public static func load(_ path: String?) throws -> PriceCatalog {
        do {
            return try PriceCatalog.load(from: path.map { URL(fileURLWithPath: $0) })
        } catch {
            throw OperationError(error.message)
        }
    }
}
