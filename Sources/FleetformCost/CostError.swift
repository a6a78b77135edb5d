/// What went wrong while loading a price catalog or reading pricing data, and what to do about it.
public struct CostError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case bundledCatalogMissing, unreadableCatalog, unsupportedCatalogVersion, invalidCatalog
        case invalidPriceList
    }

    private let code: Code
    /// The message shown to the user: what happened and what to do.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The bundled snapshot is not in the built product.
    public static var bundledCatalogMissing: CostError {
        CostError(
            .bundledCatalogMissing,
            "the bundled price catalog (catalog.json) is missing from the FleetformCost resources; "
                + "run scripts/build-price-catalog and rebuild")
    }

    /// A catalog file could not be read or parsed.
    public static func unreadableCatalog(_ path: String, _ reason: String) -> CostError {
        CostError(
            .unreadableCatalog,
            "cannot read the price catalog at \(path): \(reason); delete it (or unset FLEETFORM_PRICE_CATALOG) "
                + "to use the bundled snapshot, or run 'fleetform pricing refresh' to rewrite it")
    }

    /// A catalog file was written by a newer Fleetform.
    public static func unsupportedCatalogVersion(_ path: String, _ version: Int) -> CostError {
        CostError(
            .unsupportedCatalogVersion,
            "the price catalog at \(path) has format version \(version), this Fleetform reads version "
                + "\(PriceCatalogFile.currentVersion); upgrade Fleetform or delete the file to use the bundled snapshot"
        )
    }

    /// A catalog file parsed but is inconsistent (a price names a source the file does not define).
    public static func invalidCatalog(_ path: String, _ reason: String) -> CostError {
        CostError(.invalidCatalog, "the price catalog at \(path) is inconsistent: \(reason); regenerate it")
    }

    /// A Price List API page did not have the documented shape.
    public static func invalidPriceList(_ reason: String) -> CostError {
        CostError(
            .invalidPriceList,
            "the AWS Price List response is not in the expected GetProducts format: \(reason); "
                + "the catalog cache was left unchanged")
    }
}
