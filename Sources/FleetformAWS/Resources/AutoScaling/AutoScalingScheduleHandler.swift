import FleetformModel

/// `aws_autoscaling_schedule`: PutScheduledUpdateGroupAction (create and update are the same
/// call), DescribeScheduledActions once per group for bulk reads, DeleteScheduledAction. The id
/// is `GROUP/ACTION`. Scheduled actions carry no tags.
struct AutoScalingScheduleHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_autoscaling_schedule" }

    static func id(group: String, action: String) -> String { group + "/" + action }

    static func split(_ id: String) throws -> (group: String, action: String) {
        guard let slash = id.lastIndex(of: "/") else {
            throw AWSError.configuration("'\(id)' is not an auto scaling schedule id; expected GROUP_NAME/ACTION_NAME")
        }
        return (String(id[..<slash]), String(id[id.index(after: slash)...]))
    }

    private func put(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let group = try attributes.requiredString("autoscaling_group_name")
        let action = try attributes.requiredString("scheduled_action_name")
        var parameters = QueryParameters()
        parameters["AutoScalingGroupName"] = group
        parameters["ScheduledActionName"] = action
        parameters["MinSize"] = attributes.int("min_size").map(String.init)
        parameters["MaxSize"] = attributes.int("max_size").map(String.init)
        parameters["DesiredCapacity"] = attributes.int("desired_capacity").map(String.init)
        parameters["Recurrence"] = attributes.string("recurrence")
        parameters["TimeZone"] = attributes.string("time_zone")
        _ = try await context.client.query(
            .autoScaling, "PutScheduledUpdateGroupAction", parameters, region: request.provider.region)
        return try await readAfterWrite(
            ResourceState(
                address: request.address, provider: request.provider, id: Self.id(group: group, action: action),
                attributes: [:]),
            waiter: context.waiter)
    }

    func create(_ request: ResourceRequest) async throws -> ResourceState { try await put(request) }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        try await put(request)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        var byGroup: [String: [(ResourceState, String)]] = [:]
        for resource in resources {
            let (group, action) = try Self.split(resource.id)
            byGroup[group, default: []].append((resource, action))
        }
        var result: [ResourceAddress: ResourceState?] = [:]
        for (group, members) in byGroup.sorted(by: { $0.key < $1.key }) {
            var parameters = QueryParameters()
            parameters["AutoScalingGroupName"] = group
            parameters.setMembers("ScheduledActionNames", members.map(\.1))
            var actions: [String: XMLTree] = [:]
            do {
                for page in try await context.client.queryPages(
                    .autoScaling, "DescribeScheduledActions", parameters, region: region)
                {
                    for item in page.first("ScheduledUpdateGroupActions")?.children ?? [] {
                        if let name = item.string("ScheduledActionName") { actions[name] = item }
                    }
                }
            } catch let error as AWSError where error.isNotFound {
                // The group is gone, and its schedules with it.
            }
            let found = Dictionary(
                uniqueKeysWithValues: members.compactMap { resource, action in
                    actions[action].map { (resource.id, $0) }
                })
            result.merge(
                await assemble(members.map(\.0), found: found) { _, item in
                    var attributes: [String: AttributeValue] = [:]
                    attributes["autoscaling_group_name"] = .string(group)
                    attributes["scheduled_action_name"] = item.string("ScheduledActionName").map { .string($0) }
                    attributes["arn"] = item.string("ScheduledActionARN").map { .string($0) }
                    attributes["min_size"] = .number(text: item.string("MinSize"))
                    attributes["max_size"] = .number(text: item.string("MaxSize"))
                    attributes["desired_capacity"] = .number(text: item.string("DesiredCapacity"))
                    attributes["recurrence"] = item.string("Recurrence").map { .string($0) }
                    attributes["time_zone"] = item.string("TimeZone").map { .string($0) }
                    return attributes
                }
            ) { _, new in new }
        }
        return result
    }

    func delete(_ resource: ResourceState) async throws {
        let (group, action) = try Self.split(resource.id)
        var parameters = QueryParameters()
        parameters["AutoScalingGroupName"] = group
        parameters["ScheduledActionName"] = action
        try await deleteIfPresent {
            _ = try await context.client.query(
                .autoScaling, "DeleteScheduledAction", parameters, region: resource.provider.region)
        }
    }

    /// The group and action names identify the schedule.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        let attributes = AttributeReader(request)
        guard let group = attributes.string("autoscaling_group_name"),
            let action = attributes.string("scheduled_action_name")
        else { return nil }
        return try await readOne(
            ResourceState(
                address: request.address, provider: request.provider, id: Self.id(group: group, action: action),
                attributes: [:]))
    }
}
