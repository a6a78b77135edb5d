import Foundation

extension PriceCatalog {
    /// The environment variable naming a catalog file that overrides the bundled snapshot.
    public static let overrideEnvironmentVariable = "FLEETFORM_PRICE_CATALOG"

    /// Where `fleetform pricing refresh` writes its cache: `$FLEETFORM_PRICE_CATALOG` when set,
    /// else `~/.fleetform/pricing/catalog.json`.
    public static func defaultCacheURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment[overrideEnvironmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let home =
            environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".fleetform/pricing/catalog.json")
    }

    /// Loads the catalog to price with: the file at `url` when given; otherwise the refreshed cache
    /// (`defaultCacheURL`) when it exists; otherwise the bundled snapshot. A cache that exists but
    /// cannot be read is an error, not a silent fallback, so a report never uses prices other than
    /// the ones it names.
    public static func load(
        from url: URL?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CostError) -> PriceCatalog {
        if let url { return try load(file: url) }
        let cache = defaultCacheURL(environment: environment)
        if FileManager.default.fileExists(atPath: cache.path) { return try load(file: cache) }
        return try bundled()
    }

    /// The location of the bundled snapshot file (`catalog.json` in the FleetformCost resources).
    public static var bundledURL: URL? {
        Bundle.module.url(forResource: "catalog", withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "catalog", withExtension: "json")
    }

    /// The snapshot bundled with Fleetform.
    public static func bundled() throws(CostError) -> PriceCatalog {
        guard let url = bundledURL else { throw .bundledCatalogMissing }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .bundledCatalogMissing }
        return try decode(data, origin: .bundled)
    }

    /// Reads a catalog file (format version 1).
    public static func load(file url: URL) throws(CostError) -> PriceCatalog {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadableCatalog(url.path, "the file cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, origin: .file(url.path))
    }

    /// Parses catalog file contents.
    static func decode(_ data: Data, origin: Origin) throws(CostError) -> PriceCatalog {
        let decoder = JSONDecoder()
        let version: Int
        do { version = try decoder.decode(PriceCatalogFile.VersionProbe.self, from: data).formatVersion } catch {
            throw .unreadableCatalog(origin.description, "not a catalog file (no format_version)")
        }
        guard version == PriceCatalogFile.currentVersion else {
            throw .unsupportedCatalogVersion(origin.description, version)
        }
        let file: PriceCatalogFile
        do { file = try decoder.decode(PriceCatalogFile.self, from: data) } catch {
            throw .unreadableCatalog(origin.description, "\(error)")
        }
        return try PriceCatalog(file: file, origin: origin)
    }

    /// Encodes catalog file contents (what a refresh writes).
    static func encode(_ file: PriceCatalogFile) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(file)
    }
}
