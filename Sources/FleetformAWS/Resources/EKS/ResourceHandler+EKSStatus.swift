import FleetformModel

extension ResourceHandler {
    /// Polls until the EKS resource's `status` is `ACTIVE`; a status in `failed` ends the wait with
    /// an error that points at the console's health issues.
    func waitUntilActive(_ resource: ResourceState, failed: Set<String>) async throws -> ResourceState {
        try await context.waiter.waitFor("\(type) \(resource.id) to become ACTIVE") {
            guard let found = try await readOne(resource) else { return nil }
            let status = found.attributes["status"]?.stringValue ?? "ACTIVE"
            if failed.contains(status) {
                throw AWSError(
                    kind: .service, service: .eks, code: status,
                    message: "\(type) \(resource.id) is \(status); see its health issues in the EKS console, "
                        + "fix the cause (role, subnets, quotas), delete it and apply again")
            }
            return status == "ACTIVE" ? found : nil
        }
    }
}
