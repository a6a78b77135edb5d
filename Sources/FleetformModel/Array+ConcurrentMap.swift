import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map(transform)` on two threads, each taking one half, when there are at least
    /// `minimumCount` elements (fewer run on the calling thread). The result is in order, and a
    /// failure is the one the first failing element in order gives, as with `map`.
    public func concurrentMap<T: Sendable, Failure: Error>(
        minimumCount: Int = 2_000, _ transform: @Sendable (Element) throws(Failure) -> T
    ) throws(Failure) -> [T] {
        guard count >= minimumCount else { return try map(transform) }
        let middle = count / 2
        let halves = Mutex<[Result<[T], Failure>?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let range = half == 0 ? 0..<middle : middle..<count
            let result = Result { () throws(Failure) in try self[range].map(transform) }
            halves.withLock { $0[half] = result }
        }
        // concurrentPerform returns after both halves ran, so both results are set.
        var output: [T] = []
        for case let half? in halves.withLock({ $0 }) { output += try half.get() }
        return output
    }
}
