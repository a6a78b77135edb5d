import FleetformModel

extension Workspace {
    /// Deletes the deposed objects of `state` — old objects of create-before-destroy
    /// replacements that a crashed or failed run left in the cloud — one at a time, recording
    /// each delete in `journal` (the result matching the `deposed` entry journalled before the
    /// replacement's create). Objects that cannot be deleted stay in the returned state, so the
    /// next apply tries again; nothing is orphaned.
    ///
    /// Run it after the apply's own operations, when dependents have moved to the new objects.
    /// With `only`, just the deposed objects with those ids are deleted.
    public func deleteDeposed(
        _ state: State, only ids: Set<String>? = nil, provider: any ResourceProvider, journal: any ApplyJournal,
        events: @Sendable (ApplyEvent) -> Void = { _ in }
    ) async -> (state: State, failures: [(resource: ResourceState, message: String)]) {
        var state = state
        var failures: [(resource: ResourceState, message: String)] = []
        for old in state.deposed where state.resources[old.address]?.id != old.id && ids?.contains(old.id) != false {
            let start = ContinuousClock.now
            events(.started(old.address, .deleteDeposed))
            do {
                try await provider.delete(old)
                try await journal.recordDeletion(old.address, id: old.id)
                state.deposed.removeAll { $0.address == old.address && $0.id == old.id }
                let elapsed = ContinuousClock.now - start
                events(.finished(old.address, .deleteDeposed, seconds: Double(elapsed.components.seconds), id: nil))
            } catch {
                failures.append((old, String(describing: error)))
                events(.failed(old.address, .deleteDeposed, message: "deposed object \(old.id): \(error)"))
            }
        }
        state.deposed.removeAll { state.resources[$0.address]?.id == $0.id }
        return (state, failures)
    }
}
