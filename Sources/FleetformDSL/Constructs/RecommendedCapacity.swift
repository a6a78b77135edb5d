import FleetformModel
import Foundation

/// Capacity taken from a `fleetform recommend --write FILE` recommendation committed next to the
/// stack, so a pool follows the forecast:
///
/// ```swift
/// GPUNodePool("trainers", network: net)
///     .capacity(.recommended(from: "plans/capacity/trainers.json"))
/// ```
///
/// The file is read when the stack is synthesized, relative to the stack package's root (the
/// directory holding its `Package.swift`, or `--root`), so a built binary that moves still finds
/// it. How it maps onto the pool:
/// - instance types: every type the recommendation buys, most instance-hours first;
/// - `min`: the reserved (committed) instances; `max`: the busiest hour's instances;
///   `desired`: the first hour's instances;
/// - purchase: spot above an on-demand base of the reserved instances plus the on-demand
///   instances every hour needs, with the on-demand share of the rest as the percentage above
///   base (all on-demand when the recommendation buys no spot);
/// - a daily schedule (`aws_autoscaling_schedule`, UTC): the busiest level of each stretch of
///   the day, rising an hour before the stretch starts and falling when it starts.
public struct RecommendedCapacity: Hashable, Sendable {
    /// The recommendation file as written in the stack, relative to the stack package's root.
    public let path: String

    /// The recommendation in `path` (JSON from `fleetform recommend --write`), relative to the
    /// stack package's root.
    public static func recommended(from path: String) -> RecommendedCapacity {
        RecommendedCapacity(path: path)
    }

    /// What the pool takes from a recommendation.
    struct Sizing: Equatable {
        var instanceTypes: [String]
        var min: Int
        var desired: Int
        var max: Int
        var purchase: PurchaseOption
        /// Daily scheduled sizes: (UTC hour the action runs, desired instances).
        var schedule: [(hour: Int, desired: Int)]

        static func == (a: Sizing, b: Sizing) -> Bool {
            a.instanceTypes == b.instanceTypes && a.min == b.min && a.desired == b.desired && a.max == b.max
                && a.purchase == b.purchase && a.schedule.map(\.hour) == b.schedule.map(\.hour)
                && a.schedule.map(\.desired) == b.schedule.map(\.desired)
        }
    }

    /// Reads and maps the file, found from `environment`'s root; a problem is a message saying
    /// what to do.
    func sizing(in environment: Environment) -> Result<Sizing, RecommendationError> {
        let file = environment.resolve(path)
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(
                RecommendationError(
                    "cannot read the capacity recommendation \(path) (looked in \(environment.root ?? "the current directory"))",
                    hint: "write it with 'fleetform recommend … --write \(path)'"))
        }
        let document: CapacityRecommendation
        do {
            document = try CapacityRecommendation(json: data)
        } catch {
            if error.foundVersion != nil {
                return .failure(
                    RecommendationError(
                        "\(file) has \(error.message)",
                        hint: "regenerate it with this version's 'fleetform recommend --write'"))
            }
            return .failure(
                RecommendationError(
                    "\(file) is not a capacity recommendation: \(error.message)",
                    hint: "regenerate it with 'fleetform recommend … --write \(path)'"))
        }
        guard !document.hours.isEmpty else {
            return .failure(
                RecommendationError("\(file) plans no hours", hint: "regenerate it with --horizon of 24 or more"))
        }
        return .success(
            Self.sizing(
                document.hours.map { hour in hour.capacity.map { ($0.instanceType, $0.purchase, $0.count) } },
                firstHour: document.firstHour ?? 0))
    }

    /// The pool sizing of hourly capacity lines `(instance type, purchase, count)`.
    static func sizing(_ hours: [[(type: String, purchase: String, count: Int)]], firstHour: Int) -> Sizing {
        var instanceHours: [String: Int] = [:]
        var totals: [Int] = []
        var reserved = 0
        var onDemand: [Int] = []
        for lines in hours {
            var total = 0, demandOnly = 0, committed = 0
            for line in lines {
                instanceHours[line.type, default: 0] += line.count
                total += line.count
                if line.purchase == "reserved" { committed += line.count }
                if line.purchase == "on_demand" { demandOnly += line.count }
            }
            reserved = max(reserved, committed)
            totals.append(total)
            onDemand.append(demandOnly)
        }
        let types = instanceHours.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        let base = reserved + (onDemand.min() ?? 0)
        let aboveBase = totals.reduce(0) { $0 + max(0, $1 - base) }
        let onDemandAbove = zip(onDemand, totals).reduce(0) { sum, hour in
            sum + max(0, min(hour.0 + reserved, hour.1) - base)
        }
        let spotHours = totals.reduce(0, +) - onDemand.reduce(0, +) - reserved * totals.count
        let purchase: PurchaseOption =
            spotHours <= 0
            ? .onDemand
            : .spot(
                onDemandBase: base,
                onDemandPercentageAboveBase: aboveBase == 0
                    ? 0 : Int((100 * Double(onDemandAbove) / Double(aboveBase)).rounded()))
        let peak = totals.max() ?? 0
        return Sizing(
            instanceTypes: types, min: reserved, desired: totals.first ?? 0, max: peak, purchase: purchase,
            schedule: dailySchedule(totals, firstHour: firstHour))
    }

    /// Scheduled levels over the day: each UTC hour's busiest total over the horizon, cut into
    /// stretches where the level moves by more than a tenth of the peak; each stretch runs at its
    /// busiest level, rising an hour early. Empty when the day is flat.
    static func dailySchedule(_ totals: [Int], firstHour: Int) -> [(hour: Int, desired: Int)] {
        guard totals.count >= 24 else { return [] }
        var byHour = [Int](repeating: 0, count: 24)
        for (t, total) in totals.enumerated() {
            let hour = ((firstHour + t) % 24 + 24) % 24
            byHour[hour] = max(byHour[hour], total)
        }
        let threshold = max(1, (byHour.max() ?? 0) / 10)
        var stretches: [(start: Int, level: Int)] = []
        var reference = byHour[0]
        for hour in 0..<24 {
            if stretches.isEmpty || abs(byHour[hour] - reference) > threshold {
                stretches.append((hour, byHour[hour]))
                reference = byHour[hour]
            } else {
                stretches[stretches.count - 1].level = max(stretches[stretches.count - 1].level, byHour[hour])
            }
        }
        // The day wraps: a last stretch at the first one's level is the same stretch.
        if stretches.count > 1, abs(stretches[stretches.count - 1].level - stretches[0].level) <= threshold {
            let last = stretches.removeLast()
            stretches[0].level = max(stretches[0].level, last.level)
            stretches[0].start = last.start
        }
        guard stretches.count > 1 else { return [] }
        return stretches.indices.map { i in
            let previous = stretches[(i + stretches.count - 1) % stretches.count].level
            let rising = stretches[i].level > previous
            return ((stretches[i].start + (rising ? 23 : 0)) % 24, stretches[i].level)
        }.sorted { $0.hour < $1.hour }
    }
}

/// Why a recommendation could not be used, with what to do.
struct RecommendationError: Error {
    var message: String
    var hint: String
    init(_ message: String, hint: String) {
        self.message = message
        self.hint = hint
    }
}
