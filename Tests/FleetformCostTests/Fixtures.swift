import Foundation

@testable import FleetformCost

/// The bundled catalog, and its raw rows read straight from the file (for independent checks).
enum Fixtures {
    static let catalog: PriceCatalog = try! PriceCatalog.bundled()

    /// The bundled catalog file as plain JSON, read without `PriceCatalog`, for independent checks.
    static var rawCatalog: [String: Any] {
        let data = try! Data(contentsOf: PriceCatalog.bundledURL!)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The raw instance row of `type` in `region`.
    static func rawInstance(_ type: String, _ region: String) -> [String: Any]? {
        (rawCatalog["instances"] as! [[String: Any]]).first {
            $0["type"] as? String == type && $0["region"] as? String == region
        }
    }
}
