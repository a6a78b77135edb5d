import FleetformModel
import Foundation
import Testing

@testable import FleetformDSL

/// `GPUNodePool.capacity(.recommended(from:))`: a committed recommendation sizes the pool.
struct RecommendedCapacityTests {
    typealias Line = (type: String, purchase: String, count: Int)

    @Test func reservedOnDemandAndSpotMapOntoThePool() {
        // Two reserved every hour; on-demand 1 then 3; spot 4 then 6, over two types.
        let hours: [[Line]] = [
            [("p5.48xlarge", "reserved", 2), ("p5.48xlarge", "on_demand", 1), ("p4d.24xlarge", "spot", 4)],
            [
                ("p5.48xlarge", "reserved", 2), ("p5.48xlarge", "on_demand", 3), ("p4d.24xlarge", "spot", 3),
                ("p5.48xlarge", "spot", 3),
            ],
        ]
        let sizing = RecommendedCapacity.sizing(hours, firstHour: 0)
        #expect(sizing.instanceTypes == ["p5.48xlarge", "p4d.24xlarge"])  // 11 instance-hours before 7
        #expect(sizing.min == 2 && sizing.desired == 7 && sizing.max == 11)
        // Base: 2 reserved + the 1 on-demand every hour needs; above it 4 + 8 instance-hours, 2 on-demand.
        #expect(sizing.purchase == .spot(onDemandBase: 3, onDemandPercentageAboveBase: 17))
        #expect(sizing.schedule.isEmpty)
    }

    @Test func allOnDemandStaysOnDemand() {
        let sizing = RecommendedCapacity.sizing(
            [[("p5.48xlarge", "on_demand", 2)], [("p5.48xlarge", "on_demand", 3)]], firstHour: 0)
        #expect(sizing.purchase == .onDemand && sizing.min == 0 && sizing.max == 3)
    }

    @Test func aDailyShapeBecomesASchedulePeakingAnHourEarly() {
        // Two days: 4 instances at night, 20 from 08:00 to 17:59 UTC (first hour is 00:00 UTC).
        let day = (0..<24).map { (8..<18).contains($0) ? 20 : 4 }
        let schedule = RecommendedCapacity.dailySchedule(day + day, firstHour: 24 * 20_000)
        #expect(schedule.map(\.hour) == [7, 18] && schedule.map(\.desired) == [20, 4])
        // A flat day needs no schedule; small wiggles under a tenth of the peak are flat.
        #expect(
            RecommendedCapacity.dailySchedule(
                [Int](repeating: 50, count: 48).enumerated().map { $0.element + $0.offset % 3 }, firstHour: 0
            ).isEmpty)
        // Shorter than a day: nothing to schedule.
        #expect(RecommendedCapacity.dailySchedule([1, 9, 1], firstHour: 0).isEmpty)
    }

    func stack(_ path: String) -> Stack {
        Stack("rec", region: .usEast1) { _ in
            let net = Network("core", cidr: "10.40.0.0/16", zones: 2)
            GPUNodePool("trainers", network: net).instanceTypes("p5.48xlarge").purchase(.spot())
                .capacity(.recommended(from: path))
        }
    }

    @Test func aRecommendationFileSizesThePoolAndAddsItsSchedule() throws {
        let directory = NSTemporaryDirectory() + "fleetform-rec-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hours = (0..<48).map { t -> String in
            let count = (8..<18).contains(t % 24) ? 20 : 4
            return
                #"{"t":\#(t),"capacity":[{"instance_type":"p5.48xlarge","zone":"use1-az1","purchase":"spot","count":\#(count),"gpus_per_instance":8,"price_per_hour":30}]}"#
        }
        let path = directory + "/trainers.json"
        try Data(
            #"{"format_version":1,"region":"us-east-1","first_hour":0,"hours":[\#(hours.joined(separator: ","))]}"#.utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let synthesis = stack(path).synthesize(Environment(name: "prod"))
        #expect(synthesis.diagnostics.isEmpty, "\(synthesis.diagnostics.map { $0.render() })")
        let group = try #require(synthesis.manifest.resources.first { $0.type == "aws_autoscaling_group" })
        #expect(
            group.attributes["max_size"] == 20 && group.attributes["desired_capacity"] == 4
                && group.attributes["min_size"] == 0)
        // The schedule owns the desired size between applies.
        #expect(group.lifecycle.ignoreChanges == ["desired_capacity"])
        let schedules = synthesis.manifest.resources.filter { $0.type == "aws_autoscaling_schedule" }
        #expect(
            schedules.map(\.address.description) == [
                #"aws_autoscaling_schedule.trainers["0700"]"#, #"aws_autoscaling_schedule.trainers["1800"]"#,
            ])
        #expect(schedules.map { $0.attributes["recurrence"] } == ["0 7 * * *", "0 18 * * *"])
        #expect(schedules.map { $0.attributes["desired_capacity"] } == [20, 4])
    }

    @Test func aMissingOrForeignFileIsADiagnosticAtTheDeclaration() throws {
        let missing = stack("/nonexistent/capacity/trainers.json").synthesize(Environment(name: "prod")).diagnostics
        #expect(missing.count == 1)
        #expect(
            missing.first?.message.contains(
                "cannot read the capacity recommendation /nonexistent/capacity/trainers.json") == true)
        #expect(missing.first?.hint?.contains("fleetform recommend") == true)
        #expect(missing.first?.location?.file.hasSuffix("RecommendedCapacityTests.swift") == true)

        let path = NSTemporaryDirectory() + "fleetform-rec-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"format_version":2,"hours":[]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(
            stack(path).synthesize(Environment(name: "prod")).diagnostics.first?.message.contains("format_version 2")
                == true)
        try Data(#"{"format_version":1,"hours":[{"t":0}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(
            stack(path).synthesize(Environment(name: "prod")).diagnostics.first?.message.contains(
                "'capacity' is missing") == true)
    }

    @Test func aRelativeFileIsFoundFromTheEnvironmentsRootNotFromTheSwiftSource() throws {
        let root = NSTemporaryDirectory() + "fleetform-root-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/plans/capacity", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let hours = (0..<24).map { t in
            #"{"t":\#(t),"capacity":[{"instance_type":"p5.48xlarge","zone":"use1-az1","purchase":"spot","count":3,"gpus_per_instance":8,"price_per_hour":30}]}"#
        }
        try Data(#"{"format_version":1,"hours":[\#(hours.joined(separator: ","))]}"#.utf8)
            .write(to: URL(fileURLWithPath: root + "/plans/capacity/trainers.json"))
        let rooted = stack("plans/capacity/trainers.json").synthesize(Environment(name: "prod", root: root))
        #expect(rooted.diagnostics.isEmpty, "\(rooted.diagnostics.map { $0.render() })")
        let group = try #require(rooted.manifest.resources.first { $0.type == "aws_autoscaling_group" })
        #expect(group.attributes["desired_capacity"] == 3)
        let elsewhere = stack("plans/capacity/trainers.json").synthesize(
            Environment(name: "prod", root: root + "/plans"))
        #expect(elsewhere.diagnostics.first?.message.contains("looked in \(root)/plans") == true)
    }
}
