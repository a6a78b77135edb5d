import FleetformModel
import Foundation

/// Decides which environments `fleetform env reap` tears down and which of their resources it
/// must keep. Pure: the clock is an input.
public struct ReapPolicy: Sendable {
    /// What the reaper does with one environment.
    public enum Verdict: Hashable, Sendable {
        /// The expiry has passed: reap.
        case expired(since: Date)
        /// The expiry is still ahead.
        case live(until: Date)
        /// No expiry recorded (a long-lived environment).
        case noExpiry
        /// A production environment: never reaped, whatever its expiry.
        case production
        /// The recorded expiry cannot be read; the environment is left alone.
        case unreadableExpiry(String)
    }

    /// The time expiries are compared with.
    public var now: Date

    /// A policy judging expiries against `now`.
    public init(now: Date) { self.now = now }

    /// The verdict for an environment with `state`.
    public func verdict(for state: State) -> Verdict {
        if Self.isProduction(state) { return .production }
        guard let text = state.metadata.expiresAt else { return .noExpiry }
        guard let expiry = Date(rfc3339: text) else { return .unreadableExpiry(text) }
        return expiry <= now ? .expired(since: expiry) : .live(until: expiry)
    }

    /// Whether `state` is a production environment's: recorded so, or named so.
    static func isProduction(_ state: State) -> Bool {
        state.metadata.isProduction == true || isProductionName(state.environment)
    }

    /// Names that mean production even when the state predates the `is_production` flag.
    static func isProductionName(_ name: String) -> Bool {
        ["prod", "production"].contains(name.lowercased())
    }

    /// The resources of `state` a reap keeps: those with `preventDestroy` and, transitively, what
    /// they depend on (deleting a dependency of a kept resource would fail or break it).
    public static func protected(in state: State) -> Set<ResourceAddress> {
        withDependencies(state.resources.values.filter(\.lifecycle.preventDestroy).map(\.address), in: state)
    }

    /// `seeds` and, transitively, what they depend on in `state`: what must stay for them to stay.
    static func withDependencies(_ seeds: [ResourceAddress], in state: State) -> Set<ResourceAddress> {
        var kept: Set<ResourceAddress> = []
        var pending = seeds
        while let address = pending.popLast() {
            guard kept.insert(address).inserted, let resource = state.resources[address] else { continue }
            pending.append(contentsOf: resource.dependencies.filter { state.resources[$0] != nil })
        }
        return kept
    }
}
