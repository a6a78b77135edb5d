/// "Did you mean …?": the known names closest to a misspelt one.
///
/// ```swift
/// Suggestions.closest(to: "trainer", among: ["trainers", "capacity"])   // ["trainers"]
/// ```
public enum Suggestions {
    /// The names in `candidates` within a third of `name`'s length (at least 3 edits) of it,
    /// closest first, ties by name; at most `limit`.
    public static func closest(to name: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let cutoff = max(3, name.count / 3)
        var scored: [(name: String, distance: Int)] = []
        for candidate in candidates {
            let distance = editDistance(candidate, name)
            if distance <= cutoff { scored.append((candidate, distance)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// ` (did you mean a, b?)` for the closest names, or nothing when none is close.
    public static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        let close = closest(to: name, among: candidates)
        return close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)"
    }
}

/// Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
