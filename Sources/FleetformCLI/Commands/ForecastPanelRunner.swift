import FleetformForecast
import Foundation

/// Runs one job per series of a panel on all cores, results in input order, with progress on
/// stderr for panels of more than 20 series.
struct ForecastPanelRunner {
    var label: String

    func run<Result: Sendable>(_ series: [HourlySeries], _ job: @escaping @Sendable (HourlySeries) -> Result) async
        -> [Result]
    {
        let total = series.count
        let reportsProgress = total > 20
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, total))
        var results = [Result?](repeating: nil, count: total)
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            var done = 0
            var lastReported = 0
            for _ in 0..<workers where next < total {
                let index = next
                group.addTask { (index, job(series[index])) }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                done += 1
                if reportsProgress && (done * 10 / total > lastReported * 10 / total || done == total) {
                    lastReported = done
                    FileHandle.standardError.write("\(label): \(done)/\(total) series\n")
                }
                if next < total {
                    let index = next
                    group.addTask { (index, job(series[index])) }
                    next += 1
                }
            }
        }
        // Every index was scheduled once and collected once.
        return results.compactMap { $0 }
    }
}
