import Crypto
import FleetformModel
import Foundation

/// The attributes of one resource block (or the entries of one nested map), rendered as
/// Terraform does: names padded so the `=` line up, nested maps and lists as indented blocks,
/// and a count of what was left out.
struct AttributeBlock {
    let renderer: PlanTextRenderer
    /// Names whose values are masked.
    let sensitive: Set<String>
    private var entries: [Entry] = []
    /// Entries left out because they did not change.
    var hidden = 0

    private struct Entry {
        var name: String
        var before: AttributeValue?
        var after: AttributeValue?
        var unchanged: Bool
        var forcesReplacement: Bool
        var sensitive: Bool
    }

    init(renderer: PlanTextRenderer, sensitive: Set<String>) {
        self.renderer = renderer
        self.sensitive = sensitive
    }

    /// An attribute going from `before` to `after` (nil: absent).
    mutating func add(
        _ name: String, _ before: AttributeValue?, _ after: AttributeValue?, forcesReplacement: Bool = false
    ) {
        // A boot script is shown by hash and size, as Terraform shows `user_data`.
        let (before, after) = name == "user_data" ? (before.map(Self.digest), after.map(Self.digest)) : (before, after)
        entries.append(
            Entry(
                name: name, before: before, after: after, unchanged: false, forcesReplacement: forcesReplacement,
                sensitive: sensitive.contains(name)))
    }

    /// `user_data` (base64) as `(sha256 1a2b3c4d5e6f, 812 bytes)` of the document it encodes.
    static func digest(_ value: AttributeValue) -> AttributeValue {
        guard case .string(let text) = value else { return value }
        let bytes = Data(base64Encoded: text) ?? Data(text.utf8)
        let hex = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return .string("(sha256 \(hex.prefix(12)), \(bytes.count) bytes)")
    }

    /// An attribute shown for context though it does not change.
    mutating func addUnchanged(_ name: String, _ value: AttributeValue) {
        let value = name == "user_data" ? Self.digest(value) : value
        entries.append(
            Entry(
                name: name, before: value, after: value, unchanged: true, forcesReplacement: false,
                sensitive: sensitive.contains(name)))
    }

    /// The block's lines at nesting `depth` (1 for a resource's attributes); `noun` names what
    /// the hidden count counts (`attribute`, `element`).
    func lines(depth: Int, noun: String) -> [String] {
        let width = entries.map(\.name.count).max() ?? 0
        var out: [String] = []
        for entry in entries {
            let name = entry.name + String(repeating: " ", count: width - entry.name.count)
            if entry.unchanged, let value = entry.after {
                out.append(prefix(depth, " ") + name + " = " + inline(value, sensitive: entry.sensitive))
                continue
            }
            var lines = change(
                name: name, entry.before, entry.after, sensitive: entry.sensitive, depth: depth)
            if entry.forcesReplacement { lines[lines.count - 1] += renderer.colored(" # forces replacement", .red) }
            out += lines
        }
        if hidden > 0 {
            out.append(indent(depth) + "# (\(hidden) unchanged \(noun)\(hidden == 1 ? "" : "s") hidden)")
        }
        return out
    }

    private func change(
        name: String, _ before: AttributeValue?, _ after: AttributeValue?, sensitive: Bool, depth: Int
    ) -> [String] {
        guard let before else {
            guard let after else { return [] }
            return whole(prefix(depth, "+") + name + " = ", after, marker: "+", sensitive: sensitive, depth: depth)
        }
        guard let after else {
            var lines = whole(
                prefix(depth, "-") + name + " = ", before, marker: "-", sensitive: sensitive, depth: depth)
            lines[lines.count - 1] += " -> null"
            return lines
        }
        let head = prefix(depth, "~") + name + " = "
        if sensitive { return [head + "(sensitive value)"] }
        switch (before, after) {
        case (.map(let old), .map(let new)):
            var block = AttributeBlock(renderer: renderer, sensitive: [])
            for key in Set(old.keys).union(new.keys).sorted() {
                if PlanTextRenderer.same(old[key], new[key]) {
                    block.hidden += 1
                } else {
                    block.add(quoted(key), old[key], new[key])
                }
            }
            return [head + "{"] + block.lines(depth: depth + 1, noun: "element") + [indent(depth) + "}"]
        case (.list(let old), .list(let new)):
            var lines = [head + "["]
            var kept = 0
            for step in Self.listDiff(old, new) {
                switch step {
                case .keep: kept += 1
                case .remove(let value): lines += element(value, marker: "-", depth: depth + 1)
                case .add(let value): lines += element(value, marker: "+", depth: depth + 1)
                }
            }
            if kept > 0 {
                lines.append(indent(depth + 1) + "# (\(kept) unchanged element\(kept == 1 ? "" : "s") hidden)")
            }
            return lines + [indent(depth) + "]"]
        default:
            return [head + inline(before, sensitive: false) + " -> " + inline(after, sensitive: false)]
        }
    }

    /// A value appearing or disappearing whole: every nested entry carries `marker`.
    private func whole(_ head: String, _ value: AttributeValue, marker: String, sensitive: Bool, depth: Int) -> [String]
    {
        if sensitive { return [head + "(sensitive value)"] }
        switch value {
        case .map(let map) where !map.isEmpty:
            let width = map.keys.map { quoted($0).count }.max() ?? 0
            var lines = [head + "{"]
            for (key, value) in map.sorted(by: { $0.key < $1.key }) {
                let name = quoted(key) + String(repeating: " ", count: width - quoted(key).count)
                lines += whole(
                    prefix(depth + 1, marker) + name + " = ", value, marker: marker, sensitive: false,
                    depth: depth + 1)
            }
            return lines + [indent(depth) + "}"]
        case .list(let list) where !list.isEmpty:
            return [head + "["] + list.flatMap { element($0, marker: marker, depth: depth + 1) } + [indent(depth) + "]"]
        default:
            return [head + inline(value, sensitive: false)]
        }
    }

    /// One list element, ending with a comma.
    private func element(_ value: AttributeValue, marker: String, depth: Int) -> [String] {
        var lines = whole(prefix(depth, marker), value, marker: marker, sensitive: false, depth: depth)
        lines[lines.count - 1] += ","
        return lines
    }

    private func prefix(_ depth: Int, _ marker: String) -> String {
        String(repeating: " ", count: 2 + 4 * depth) + renderer.marker(marker) + " "
    }

    private func indent(_ depth: Int) -> String {
        String(repeating: " ", count: 4 + 4 * depth)
    }

    private func quoted(_ key: String) -> String { AttributeValue.string(key).description }

    /// A value on one line.
    private func inline(_ value: AttributeValue, sensitive: Bool) -> String {
        if sensitive { return "(sensitive value)" }
        switch value {
        case .unknown, .reference: return "(known after apply)"
        default: return value.description
        }
    }

    enum ListStep: Equatable {
        case keep(AttributeValue), remove(AttributeValue), add(AttributeValue)
    }

    /// The shortest edit from `old` to `new` (longest common subsequence), removals before
    /// additions at each point.
    static func listDiff(_ old: [AttributeValue], _ new: [AttributeValue]) -> [ListStep] {
        let n = old.count, m = new.count
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] =
                    PlanTextRenderer.same(old[i], new[j])
                    ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var steps: [ListStep] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, PlanTextRenderer.same(old[i], new[j]) {
                steps.append(.keep(new[j]))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[i + 1][j] >= lengths[i][j + 1] {
                steps.append(.remove(old[i]))
                i += 1
            } else {
                steps.append(.add(new[j]))
                j += 1
            }
        }
        return steps
    }
}
