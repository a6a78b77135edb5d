import FleetformModel

/// Renders a plan as text in Terraform's style: what will be created (`+`), updated in place
/// (`~`), replaced (`-/+`, `+/-`) and destroyed (`-`), attribute by attribute, then
/// `Plan: N to add, N to change, N to destroy.`
///
/// ```swift
/// print(PlanTextRenderer(color: isTerminal).render(plan))
/// ```
public struct PlanTextRenderer: Sendable {
    /// Whether to colour markers and headings with ANSI escapes (the CLI decides: a TTY and no `--no-color`).
    public var color: Bool

    /// A renderer, plain unless `color` is set.
    public init(color: Bool = false) {
        self.color = color
    }

    /// The whole plan: drift (if any), the legend, every change, warnings and the summary line.
    public func render(_ plan: Plan) -> String {
        var out = ""
        if !plan.drift.isEmpty { out += renderDrift(plan.drift) }
        // Sorted by address as Terraform shows them (the plan itself is in execution order).
        let changes = plan.changes.filter { $0.action != .noOp }.sorted { $0.address < $1.address }
        if changes.isEmpty && plan.rollouts.isEmpty {
            out +=
                bold("No changes.") + " \(plan.stack)/\(plan.environment) in the cloud is what the stack declares.\n\n"
            out +=
                "Every declared resource was compared with its recorded (and, unless --refresh=false, read) state; "
                + "there is nothing to create, change or destroy.\n"
        } else {
            out += legend(for: Set(changes.map(\.action)).union(plan.rollouts.isEmpty ? [] : [.update]))
            out += "Fleetform will perform the following actions:\n"
            for change in changes { out += "\n" + renderChange(change) }
            for rollout in plan.rollouts { out += "\n" + renderRollout(rollout) }
            let summary = plan.summary
            out +=
                "\n" + bold("Plan:")
                + " \(summary.add) to add, \(summary.change) to change, \(summary.destroy) to destroy.\n"
        }
        // The heading says what it is: "Warning: <where>: <what> — <hint>".
        for warning in plan.warnings {
            out += "\n" + colored("Warning:", .yellow) + " " + warning.render(severity: false) + "\n"
        }
        return out
    }

    /// The symbols legend, listing only the actions the plan uses.
    func legend(for actions: Set<ChangeAction>) -> String {
        let entries: [(ChangeAction, String)] = [
            (.create, "create"), (.update, "update in-place"), (.delete, "destroy"),
            (.deleteThenCreate, "destroy and then create replacement"),
            (.createThenDelete, "create replacement and then destroy"),
        ]
        var out = "Resource actions are indicated with the following symbols:\n"
        for (action, text) in entries where actions.contains(action) {
            out += pad(marker(action.symbol), to: 3, width: action.symbol.count) + " " + text + "\n"
        }
        return out + "\n"
    }

    /// One change: the heading comment and the resource block.
    func renderChange(_ change: PlannedChange) -> String {
        let address = change.address
        let heading: String
        switch change.action {
        case .create: heading = "will be created"
        case .update: heading = "will be updated in-place"
        case .delete: heading = "will be destroyed"
        case .deleteThenCreate, .createThenDelete:
            heading =
                change.reason == PlanReason.replaceRequested ? "will be replaced, as requested" : "must be replaced"
        case .noOp: heading = "is unchanged"
        }
        var out = bold("  # \(address) \(heading)") + "\n"
        if change.action == .delete, let reason = change.reason { out += "  # (because \(reason))\n" }
        let symbol = change.action.symbol
        out += pad(marker(symbol), to: 3, width: symbol.count) + " resource \"\(address.type)\" \"\(address.name)\" {\n"
        var block = AttributeBlock(renderer: self, sensitive: Set(change.sensitive))
        let before = change.before ?? [:], after = change.after ?? [:]
        switch change.action {
        case .create:
            for name in after.keys.sorted() { block.add(name, nil, after[name]) }
        case .delete:
            for name in before.keys.sorted() { block.add(name, before[name], nil) }
        default:
            let forcing = Set(change.replacePaths)
            for name in Set(before.keys).union(after.keys).sorted() {
                let old = before[name], new = after[name]
                if Self.same(old, new) {
                    if Self.contextAttributes.contains(name), let old {
                        block.addUnchanged(name, old)
                    } else {
                        block.hidden += 1
                    }
                } else {
                    block.add(name, old, new, forcesReplacement: forcing.contains(name))
                }
            }
        }
        for line in block.lines(depth: 1, noun: "attribute") { out += line + "\n" }
        return out + "    }\n"
    }

    /// Attributes shown unchanged in an update, to tell the resource apart.
    static let contextAttributes: Set<String> = ["id", "name"]

    /// Whether two optional values are the same for display purposes.
    static func same(_ a: AttributeValue?, _ b: AttributeValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return AttributeComparison.equivalent(x, y) && x.containsUnknown == y.containsUnknown
        default: return false
        }
    }

    /// The drift section: what changed outside Fleetform, per resource.
    func renderDrift(_ drift: [DriftedAttribute]) -> String {
        var out = bold("Note: Objects have changed outside of Fleetform") + "\n\n"
        out +=
            "Fleetform detected the following changes made outside of Fleetform since the last "
            + "\"fleetform apply\":\n"
        var byAddress: [ResourceAddress: [DriftedAttribute]] = [:]
        for item in drift { byAddress[item.address, default: []].append(item) }
        for (address, drifted) in byAddress.sorted(by: { $0.key < $1.key }) {
            let items = drifted.sorted { $0.attribute < $1.attribute }
            let deleted = items.allSatisfy { $0.actual == nil }
            out += "\n" + bold("  # \(address) \(deleted ? "has been deleted" : "has changed")") + "\n"
            let symbol = deleted ? "-" : "~"
            out += pad(marker(symbol), to: 3, width: 1) + " resource \"\(address.type)\" \"\(address.name)\" {\n"
            var block = AttributeBlock(renderer: self, sensitive: [])
            for item in items { block.add(item.attribute, item.recorded, item.actual) }
            for line in block.lines(depth: 1, noun: "attribute") { out += line + "\n" }
            out += "    }\n"
        }
        return out + "\n"
    }

    // MARK: Colour

    enum Colour: String {
        case green = "32", yellow = "33", red = "31"
    }

    func colored(_ text: String, _ colour: Colour) -> String {
        color ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String {
        color ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    /// An action or line marker in its colour.
    func marker(_ symbol: String) -> String {
        switch symbol {
        case "+": return colored("+", .green)
        case "-": return colored("-", .red)
        case "~": return colored("~", .yellow)
        case "-/+": return colored("-", .red) + "/" + colored("+", .green)
        case "+/-": return colored("+", .green) + "/" + colored("-", .red)
        default: return symbol
        }
    }

    /// `text` (of visible `width`) right-aligned in `columns`.
    func pad(_ text: String, to columns: Int, width: Int) -> String {
        String(repeating: " ", count: max(0, columns - width)) + text
    }
}
