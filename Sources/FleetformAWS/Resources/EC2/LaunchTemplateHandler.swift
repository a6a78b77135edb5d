import FleetformModel

/// `aws_launch_template`: CreateLaunchTemplate (with `ClientToken`); an update writes a new
/// version and makes it the default. Bulk read: one DescribeLaunchTemplates for all ids, then
/// the default version's data per template (the API has no bulk form for version data).
struct LaunchTemplateHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_launch_template" }

    /// `LaunchTemplateData.*` parameters from the declared attributes.
    private func templateData(_ attributes: AttributeReader) -> QueryParameters {
        var data = QueryParameters()
        data["ImageId"] = attributes.string("image_id")
        data["InstanceType"] = attributes.string("instance_type")
        for (n, mapping) in attributes.blocks("block_device_mappings").enumerated() {
            let prefix = "BlockDeviceMapping.\(n + 1)"
            data["\(prefix).DeviceName"] = mapping.string("device_name")
            if let ebs = mapping.block("ebs") {
                data["\(prefix).Ebs.VolumeSize"] = ebs.int("volume_size").map(String.init)
                data["\(prefix).Ebs.VolumeType"] = ebs.string("volume_type")
            }
        }
        data.setEC2List("SecurityGroupId", attributes.stringList("vpc_security_group_ids"))
        return data
    }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        var parameters = QueryParameters()
        parameters["LaunchTemplateName"] = try attributes.requiredString("name")
        parameters["ClientToken"] = request.idempotencyToken
        parameters.merge(templateData(attributes), prefix: "LaunchTemplateData")
        EC2Support.addTagSpecification(&parameters, resourceType: "launch-template", tags: request.allTags)
        let response: XMLTree
        do {
            response = try await context.client.query(
                .ec2, "CreateLaunchTemplate", parameters, region: request.provider.region)
        } catch let error as AWSError where error.code == "InvalidLaunchTemplateName.AlreadyExistsException" {
            // A resend after a lost answer, where the client token was not honoured (moto; found by
            // the fault tests): the template we made is there under our name and address tag.
            guard let existing = try await findCreated(request) else { throw error }
            return existing
        }
        guard let id = response.string("launchTemplate/launchTemplateId") else {
            throw AWSError(
                kind: .invalidResponse, service: .ec2, action: "CreateLaunchTemplate", code: "MissingId",
                message: "no launchTemplateId")
        }
        return try await readAfterWrite(
            ResourceState(address: request.address, provider: request.provider, id: id, attributes: [:]),
            for: request, waiter: context.waiter)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let templates = try await EC2Support.describe(
            context.client, "DescribeLaunchTemplates", idParameter: "LaunchTemplateId", ids: resources.map(\.id),
            setName: "launchTemplates", idElement: "launchTemplateId", region: region)
        return try await assemble(resources, found: templates) { resource, template in
            var parameters = QueryParameters()
            parameters["LaunchTemplateId"] = resource.id
            parameters["LaunchTemplateVersion.1"] = "$Default"
            let versions = try await context.client.query(
                .ec2, "DescribeLaunchTemplateVersions", parameters, region: region)
            let data = versions.list("launchTemplateVersionSet").first?.at("launchTemplateData")
            var attributes = EC2Support.tagAttributes(EC2Support.tags(of: template, path: "tagSet"))
            attributes["name"] = template.string("launchTemplateName").map { .string($0) }
            attributes["default_version"] = .number(text: template.string("defaultVersionNumber"))
            attributes["latest_version"] = .number(text: template.string("latestVersionNumber"))
            attributes["arn"] = .string("arn:aws:ec2:\(region)::launch-template/\(resource.id)")
            if let data {
                attributes["image_id"] = data.string("imageId").map { .string($0) }
                attributes["instance_type"] = data.string("instanceType").map { .string($0) }
                attributes["vpc_security_group_ids"] = .strings(
                    data.list("securityGroupIdSet").map(\.text),
                    orderedLike: resource.attributes["vpc_security_group_ids"])
                attributes["block_device_mappings"] = .list(
                    data.list("blockDeviceMappingSet").map { mapping in
                        var ebs: [String: AttributeValue] = [:]
                        ebs["volume_size"] = .number(text: mapping.string("ebs/volumeSize"))
                        ebs["volume_type"] = mapping.string("ebs/volumeType").map { .string($0) }
                        return .map(["device_name": .string(mapping.string("deviceName") ?? ""), "ebs": .map(ebs)])
                    })
            }
            return attributes
        }
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        let region = request.provider.region
        let attributes = AttributeReader(request)
        let dataAttributes: Set<String> = [
            "image_id", "instance_type", "block_device_mappings", "vpc_security_group_ids",
        ]
        if !dataAttributes.isDisjoint(with: changed) {
            var parameters = QueryParameters()
            parameters["LaunchTemplateId"] = prior.id
            parameters["ClientToken"] = request.idempotencyToken
            parameters.merge(templateData(attributes), prefix: "LaunchTemplateData")
            let response = try await context.client.query(
                .ec2, "CreateLaunchTemplateVersion", parameters, region: region)
            guard let version = response.string("launchTemplateVersion/versionNumber") else {
                throw AWSError(
                    kind: .invalidResponse, service: .ec2, action: "CreateLaunchTemplateVersion",
                    code: "MissingVersion",
                    message: "no versionNumber")
            }
            var modify = QueryParameters()
            modify["LaunchTemplateId"] = prior.id
            modify["SetDefaultVersion"] = version
            _ = try await context.client.query(.ec2, "ModifyLaunchTemplate", modify, region: region)
        }
        try await EC2Support.syncTags(
            context.client, resourceId: prior.id, old: prior.allTagsMap, new: request.allTags, region: region)
        return try await readAfterWrite(prior, for: request, waiter: context.waiter)
    }

    func delete(_ resource: ResourceState) async throws {
        try await deleteIfPresent {
            try await EC2Support.call(
                context.client, "DeleteLaunchTemplate", "LaunchTemplateId", resource.id,
                region: resource.provider.region)
        }
    }

    /// Launch template names are unique per region, so the name finds an interrupted create; it
    /// is ours only if it carries our `fleetform:address` tag.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        guard let name = AttributeReader(request).string("name") else { return nil }
        var parameters = QueryParameters()
        parameters["LaunchTemplateName.1"] = name
        let items: [XMLTree]
        do {
            items = try await context.client.query(
                .ec2, "DescribeLaunchTemplates", parameters, region: request.provider.region
            )
            .list("launchTemplates")
        } catch let error as AWSError where error.isNotFound {
            return nil
        }
        guard let id = items.first?.string("launchTemplateId") else { return nil }
        // Read with the request's attributes as the prior (tags split as declared) and only if
        // it carries our address tag: an empty prior left the tags out of state (fault tests).
        return try await findOwned(request, id: id)
    }
}
