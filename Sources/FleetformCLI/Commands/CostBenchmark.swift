import FleetformCost
import FleetformModel
import Foundation

/// `fleetform cost --bench` (hidden; run by scripts/bench-cost): times loading the price catalog
/// and pricing a manifest in-process, against issue 6's targets (50 ms and 200 ms).
enum CostBenchmark {
    static let loadTarget = 0.050
    static let pricingTarget = 0.200

    static func run(manifest: Manifest, catalogFile: String?) -> String {
        let url = catalogFile.map { URL(fileURLWithPath: $0) }
        var catalog: PriceCatalog?
        let firstLoad = best(of: 1) { catalog = try? PriceCatalog.load(from: url) }
        let load = best(of: 20) { catalog = try? PriceCatalog.load(from: url) }
        guard let catalog else { return "error: the price catalog did not load\n" }
        let estimator = CostEstimator(catalog: catalog)
        var report = estimator.estimate(manifest)
        let pricing = best(of: 5) { report = estimator.estimate(manifest) }
        var renders: [(String, Double)] = []
        for format in CostReportFormat.allCases {
            renders.append((format.rawValue, best(of: 3) { _ = format.render(CostDocument(report: report)) }))
        }
        var out = "catalog: \(catalog.label)\n"
        out += "resources: \(manifest.resources.count), monthly total \(Money.usd(report.monthlyTotal))\n"
        out += line("load catalog (first, in this process)", firstLoad, target: loadTarget)
        out += line("load catalog", load, target: loadTarget)
        out += line("price manifest", pricing, target: pricingTarget)
        for (name, seconds) in renders { out += line("render \(name)", seconds, target: nil) }
        return out
    }

    /// The fastest of `runs` timings, in seconds (the least disturbed by other work on the machine).
    static func best(of runs: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var fastest = Double.infinity
        for _ in 0..<runs {
            let elapsed = clock.measure(body)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            fastest = min(fastest, seconds)
        }
        return fastest
    }

    private static func line(_ name: String, _ seconds: Double, target: Double?) -> String {
        let ms = Money.plain(seconds * 1000, decimals: 1)
        guard let target else { return "\(name): \(ms) ms\n" }
        let verdict = seconds < target ? "ok" : "OVER"
        return "\(name): \(ms) ms (target < \(Int(target * 1000)) ms: \(verdict))\n"
    }
}
