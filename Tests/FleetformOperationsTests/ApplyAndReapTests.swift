import FleetformAWS
import FleetformDSL
import FleetformEngine
import FleetformModel
import FleetformOperations
import FleetformTestSupport
import Foundation
import Testing

/// The apply driver and the reaper as library code: a project over a test stack, moto with
/// signature checking, a clock moved by hand instead of sleeps, no subprocess.
@Suite(.serialized) struct ApplyAndReapTests {
    static let sandbox = Stack("sandbox", region: .usEast1, defaultTTLHours: 2) { _ in
        let net = Network("core", cidr: "10.70.0.0/16", zones: 1)
        net
        Bucket("scratch").forceDestroy()
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    func project(_ moto: MotoServer, clock: any WallClock, root: String) -> Project {
        var variables = moto.processEnvironment
        variables["AWS_CONFIG_FILE"] = nil
        variables["AWS_SHARED_CREDENTIALS_FILE"] = nil
        return Project(
            stacks: StackCatalog([Self.sandbox]), root: root, clock: clock,
            aws: AWSEnvironment(variables: variables, homeDirectory: "/nonexistent", readFile: { _ in nil }))
    }

    @Test func applyStampsTheExpiryFromTheClockAndTheReaperJudgesItByTheSameClock() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let clock = SteppingClock(Self.start)
        let project = project(moto, clock: clock, root: scratch.path)
        let output = OutputRecorder()
        let review = ApprovingReview()
        let target = StackTarget(stack: "sandbox", environment: "pr-7")

        let report = try await ApplyOperation(project: project, output: output, review: review)
            .run(ApplyOperation.Request(target: target))
        #expect(report.ending == .complete && report.exitCode == 0, "\(output.warnings)")
        #expect(report.added == review.plans[0].changes.count && report.added >= 4)
        #expect(report.summary == "\nApply complete! Resources: \(report.added) added, 0 changed, 0 destroyed.")
        let started = output.events.filter { if case .started = $0 { return true } else { return false } }
        #expect(started.count == report.added)

        // The stack's default TTL (2 h) counted from the clock, not from the wall.
        let state = try await StateEditor(project: project, target: target, selection: StateSelection(), warn: { _ in })
            .read()
        #expect(state.metadata.expiresAt == Self.start.addingTimeInterval(7200).rfc3339)
        #expect(state.metadata.createdAt == Self.start.rfc3339)

        // A second apply changes nothing and keeps the expiry.
        clock.advance(by: 600)
        let again = try await ApplyOperation(project: project, output: output, review: review)
            .run(ApplyOperation.Request(target: target))
        #expect(again.ending == .noChanges && again.exitCode == 0)

        // An hour later the environment is live; three hours later it is reaped.
        let scope = EnvironmentScope(project: project, selection: StateSelection(), stack: "sandbox", warn: { _ in })
        clock.advance(by: 3000)
        let early = try await EnvironmentReaper(
            scope: scope, cloud: CloudSettings(), parallelism: 4, dryRun: false, output: output
        ).reapExpired()
        #expect(early.reaped.isEmpty && early.kept == ["sandbox/pr-7 (expires in 1h00m)"], "\(early.kept)")
        let listing = try await EnvironmentListing(scope: scope, catalog: try CatalogLoader.load(nil))
        #expect(listing.rows.map(\.status) == ["live"])

        clock.advance(by: 3 * 3600)
        let reaper = EnvironmentReaper(
            scope: scope, cloud: CloudSettings(), parallelism: 4, dryRun: false, output: output)
        let late = try await reaper.reapExpired()
        #expect(late.reaped == ["sandbox/pr-7"] && late.failures.isEmpty, "\(late.failures)")
        #expect(reaper.summary(late).contains("Reaped 1 environment(s): sandbox/pr-7."))
        #expect(try await scope.entries().isEmpty)
    }

    @Test func aDeclinedReviewChangesNothing() async throws {
        struct Declining: ApplyOperation.Review {
            func planned(_ plan: FleetformModel.Plan, saved: Bool, leftover: [ResourceState]) {}
            func confirm(_ plan: FleetformModel.Plan, saved: Bool) async throws {
                throw OperationError("apply cancelled; nothing was changed")
            }
        }
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let project = project(moto, clock: FixedWallClock(Self.start), root: scratch.path)
        let target = StackTarget(stack: "sandbox", environment: "dev")
        await #expect(throws: OperationError.self) {
            _ = try await ApplyOperation(project: project, output: OutputRecorder(), review: Declining())
                .run(ApplyOperation.Request(target: target))
        }
        let stored = try await StateSelection().backend(for: Self.sandbox, in: project, warn: { _ in })
            .read(stack: "sandbox", environment: "dev")
        #expect(stored == nil)
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/.fleetform/state/sandbox/dev.json"))
    }
}
