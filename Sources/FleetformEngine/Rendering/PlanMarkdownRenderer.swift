import FleetformModel
import Foundation

/// A plan as Markdown for a pull-request comment: the summary, one table row per change with
/// the attributes it changes (or why it is replaced), drift found by the refresh, warnings, and
/// the full text plan folded away in a `diff` block.
///
/// ```swift
/// let comment = PlanMarkdownRenderer().render(plan)
/// ```
public struct PlanMarkdownRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The comment text.
    public func render(_ plan: Plan) -> String {
        var out = "### Fleetform plan: `\(plan.stack)` / `\(plan.environment)`\n\n"
        let (add, change, destroy) = plan.summary
        let changes = plan.changes.filter { $0.action != .noOp }
        out +=
            changes.isEmpty
            ? "**No changes.** `\(plan.stack)` / `\(plan.environment)` in the cloud is what the stack declares.\n"
            : "**Plan: \(add) to add, \(change) to change, \(destroy) to destroy.**\n"
        if !changes.isEmpty {
            out += "\n| | Resource | Action | Detail |\n|---|---|---|---|\n"
            for change in changes {
                out +=
                    "| `\(change.action.symbol)` | `\(MarkdownText.cell(change.address.description))` | \(Self.verb(change.action)) | \(MarkdownText.cell(Self.detail(change))) |\n"
            }
        }
        if !plan.drift.isEmpty {
            out += "\n<details><summary>Changed outside Fleetform (\(plan.drift.count))</summary>\n\n"
            for drift in plan.drift {
                out +=
                    "- `\(MarkdownText.cell(drift.address.description))`: `\(drift.attribute)` was \(Self.value(drift.recorded)), is \(Self.value(drift.actual))\n"
            }
            out += "\n</details>\n"
        }
        if !plan.warnings.isEmpty {
            out += "\n> [!WARNING]\n"
            for warning in plan.warnings { out += "> \(MarkdownText.cell(warning.message))\n" }
        }
        if !changes.isEmpty {
            out += "\n<details><summary>Full plan</summary>\n\n```diff\n"
            out += Self.diffMarked(PlanTextRenderer(color: false).render(plan)).replacingOccurrences(
                of: "```", with: "'''")
            out += "```\n\n</details>\n"
        }
        return out
    }

    /// The text plan with each line's `+`, `-` or `~` (as `!`) moved to the first column, so a
    /// `diff` block colours additions and removals.
    static func diffMarked(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count)
            guard let symbol = rest.first, "+-~".contains(symbol), rest.dropFirst().first == " " else {
                return " " + line
            }
            return (symbol == "~" ? "!" : String(symbol)) + indent + " " + rest.dropFirst()
        }.joined(separator: "\n")
    }

    static func verb(_ action: ChangeAction) -> String {
        switch action {
        case .noOp: return "no change"
        case .create: return "create"
        case .update: return "update in place"
        case .delete: return "destroy"
        case .deleteThenCreate: return "replace (destroy first)"
        case .createThenDelete: return "replace (create first)"
        }
    }

    static func detail(_ change: PlannedChange) -> String {
        if change.action.isReplace, !change.replacePaths.isEmpty {
            return "forces replacement: " + change.replacePaths.joined(separator: ", ")
        }
        if let reason = change.reason { return reason }
        return change.action == .update ? change.changedAttributes.joined(separator: ", ") : ""
    }

    static func value(_ value: AttributeValue?) -> String {
        guard let value else { return "absent" }
        return "`" + MarkdownText.cell(value.description) + "`"
    }
}
