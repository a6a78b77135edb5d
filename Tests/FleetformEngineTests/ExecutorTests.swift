import FleetformModel
import Testing

@testable import FleetformEngine

@Suite struct ExecutorTests {
    static let region = ProviderConfig(region: "us-east-1")

    static func address(_ text: String) -> ResourceAddress { ResourceAddress(parsing: text)! }

    static func resource(_ text: String, _ attributes: [String: AttributeValue] = [:]) -> ManifestResource {
        ManifestResource(address: address(text), provider: region, attributes: attributes)
    }

    static func create(_ r: ManifestResource) -> PlannedChange {
        PlannedChange(
            address: r.address, provider: region, action: .create, before: nil, after: r.attributes,
            desired: r, dependencies: r.allDependencies)
    }

    static func ref(_ text: String) -> AttributeValue { .reference(ResourceReference(parsing: text)!) }

    static let executor = Executor(parallelism: 4, ownershipTags: { ["fleetform:address": $0.description] })

    func plan(_ changes: [PlannedChange]) -> Plan {
        Plan(stack: "s", environment: "dev", changes: changes, priorLineage: "l", priorSerial: 0)
    }

    @Test func createsFollowDependenciesAndResolveReferences() async throws {
        let vpc = Self.resource("aws_vpc.core", ["cidr_block": "10.0.0.0/16"])
        let subnet = Self.resource("aws_subnet.a", ["vpc_id": Self.ref("aws_vpc.core.id")])
        let group = Self.resource("aws_autoscaling_group.g", ["subnets": [Self.ref("aws_subnet.a.id")]])
        let provider = RecordingProvider()
        let journal = MemoryJournal()
        let outcome = await Self.executor.apply(
            plan([Self.create(group), Self.create(subnet), Self.create(vpc)]),
            to: State(lineage: "l", stack: "s", environment: "dev"), provider: provider, journal: journal)
        #expect(outcome.succeeded)
        #expect(provider.calls == ["create aws_vpc.core", "create aws_subnet.a", "create aws_autoscaling_group.g"])
        let vpcID = try #require(outcome.state.resources[vpc.address]?.id)
        #expect(outcome.state.resources[subnet.address]?.attributes["vpc_id"] == .string(vpcID))
        #expect(outcome.state.resources[subnet.address]?.dependencies == [vpc.address])
        let entries = await journal.entries
        #expect(entries.prefix(2) == ["intent aws_vpc.core", "resource aws_vpc.core"])
    }

    @Test func failureSkipsDependentsButNotSiblings() async {
        let vpc = Self.resource("aws_vpc.core")
        let subnet = Self.resource("aws_subnet.a", ["vpc_id": Self.ref("aws_vpc.core.id")])
        let bucket = Self.resource("aws_s3_bucket.b")
        let provider = RecordingProvider(failing: ["create aws_vpc.core"])
        let outcome = await Self.executor.apply(
            plan([Self.create(vpc), Self.create(subnet), Self.create(bucket)]),
            to: State(lineage: "l", stack: "s", environment: "dev"), provider: provider, journal: MemoryJournal())
        #expect(outcome.failures.map(\.operation.address) == [vpc.address])
        #expect(outcome.failures.first?.message.contains("injected failure") == true)
        #expect(outcome.skipped.map(\.address) == [subnet.address])
        #expect(outcome.state.resources[bucket.address] != nil)
        #expect(!provider.calls.contains("create aws_subnet.a"))
    }

    @Test func deletesRunInReverseDependencyOrder() async {
        let vpc = ResourceState(
            address: Self.address("aws_vpc.core"), provider: Self.region, id: "vpc-1", attributes: [:])
        let subnet = ResourceState(
            address: Self.address("aws_subnet.a"), provider: Self.region, id: "subnet-1",
            attributes: [:], dependencies: [vpc.address])
        let state = State(
            lineage: "l", stack: "s", environment: "dev", resources: [vpc.address: vpc, subnet.address: subnet])
        let changes = [vpc, subnet].map {
            PlannedChange(
                address: $0.address, provider: Self.region, action: .delete, before: $0.attributes, after: nil,
                dependencies: $0.dependencies, priorID: $0.id)
        }
        let provider = RecordingProvider()
        let outcome = await Self.executor.apply(plan(changes), to: state, provider: provider, journal: MemoryJournal())
        #expect(outcome.succeeded)
        #expect(provider.calls == ["delete aws_subnet.a", "delete aws_vpc.core"])
        #expect(outcome.state.resources.isEmpty)
    }

    @Test func createBeforeDestroyKeepsTheOldObjectUntilDependentsMoved() async throws {
        let oldTemplate = ResourceState(
            address: Self.address("aws_launch_template.t"), provider: Self.region, id: "lt-old",
            attributes: ["name": "old"])
        let group = ResourceState(
            address: Self.address("aws_autoscaling_group.g"), provider: Self.region, id: "g",
            attributes: ["template": "lt-old"], dependencies: [oldTemplate.address])
        let state = State(
            lineage: "l", stack: "s", environment: "dev",
            resources: [oldTemplate.address: oldTemplate, group.address: group])
        let newTemplate = Self.resource("aws_launch_template.t", ["name": "new"])
        let newGroup = Self.resource("aws_autoscaling_group.g", ["template": Self.ref("aws_launch_template.t.id")])
        let changes = [
            PlannedChange(
                address: newTemplate.address, provider: Self.region, action: .createThenDelete,
                before: oldTemplate.attributes, after: newTemplate.attributes, desired: newTemplate),
            PlannedChange(
                address: newGroup.address, provider: Self.region, action: .update, before: group.attributes,
                after: newGroup.attributes, changedAttributes: ["template"], desired: newGroup,
                dependencies: newGroup.allDependencies),
        ]
        let provider = RecordingProvider()
        let outcome = await Self.executor.apply(plan(changes), to: state, provider: provider, journal: MemoryJournal())
        #expect(outcome.succeeded)
        #expect(
            provider.calls == [
                "create aws_launch_template.t", "update aws_autoscaling_group.g", "delete aws_launch_template.t",
            ])
        let newID = try #require(outcome.state.resources[newTemplate.address]?.id)
        #expect(newID != "lt-old")
        #expect(outcome.state.resources[group.address]?.attributes["template"] == .string(newID))
    }

    @Test func parallelismIsBounded() async {
        let provider = GatedProvider()
        let executor = Executor(parallelism: 3, ownershipTags: { _ in [:] })
        let buckets = (0..<12).map { Self.create(Self.resource("aws_s3_bucket.b\($0)")) }
        let task = Task {
            await executor.apply(
                plan(buckets), to: State(lineage: "l", stack: "s", environment: "dev"), provider: provider,
                journal: MemoryJournal())
        }
        // The first call goes alone; then three wait at once, and no fourth starts while they do.
        while provider.waitingCount < 1 { await Task.yield() }
        #expect(provider.startedCount == 1)
        provider.releaseAll()
        while provider.waitingCount < 3 { await Task.yield() }
        for _ in 0..<100 { await Task.yield() }
        #expect(provider.startedCount == 4)
        while provider.startedCount < 12 || provider.waitingCount > 0 {
            provider.releaseAll()
            await Task.yield()
        }
        let outcome = await task.value
        #expect(outcome.succeeded && outcome.state.resources.count == 12)
        #expect(provider.mostAtOnce == 3)
    }
}
