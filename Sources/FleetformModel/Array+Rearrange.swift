extension Array {
    /// Puts the element now at `order[i]` at position `i`, for every `i` (`order` must be a
    /// permutation of the indices). Elements are swapped along the permutation's cycles, so
    /// they move instead of being copied: reordering 10,000 plan changes or cost lines this way
    /// retains nothing, where `order.map { self[$0] }` copies every element.
    public mutating func rearrange(to order: [Int]) {
        precondition(order.count == count, "rearrange(to:) needs one position per element")
        var destination = [Int](repeating: 0, count: count)
        for (position, source) in order.enumerated() { destination[source] = position }
        for start in indices {
            while destination[start] != start {
                let next = destination[start]
                swapAt(start, next)
                destination.swapAt(start, next)
            }
        }
    }
}
