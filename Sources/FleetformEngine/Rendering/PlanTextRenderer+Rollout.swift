import FleetformModel

extension PlanTextRenderer {
    /// A pool rollout as `plan` shows it: the pool, the strategy, then one line per phase.
    ///
    /// ```
    ///   # module.ranking.aws_autoscaling_group.servers rolls out (canary 10% → 50% → 100%, 6 nodes, surge 2)
    ///   ~ image_id = "ami-old" -> "ami-new"
    ///     1. create green inference-prod-ranking-servers-g2 at 1 node; blue to 5
    ///     2. pause 5m; gates: nodes in service, alarms ranking-5xx
    ///     …
    /// ```
    func renderRollout(_ rollout: PlannedRollout) -> String {
        let record = rollout.record
        let verb = rollout.resuming ? "resumes its rollout" : "rolls out"
        var out =
            marker("~") + " " + bold("# \(record.group)") + " \(verb) (\(record.policy.strategy.summary), "
            + "\(record.desired) node(s), surge \(record.surge))\n"
        if rollout.resuming {
            out +=
                "      status: \(record.status.rawValue), "
                + "\(record.completed) of \(record.phases.count) phase(s) done"
                + (record.reason.map { "; \($0)" } ?? "") + "\n"
        }
        for change in rollout.replaces {
            for name in change.changedAttributes {
                let before = change.before?[name].map(PlanTextRenderer.short) ?? "null"
                let after = change.after?[name].map(PlanTextRenderer.short) ?? "null"
                let kind = change.address.type == "aws_launch_template" ? "" : "group "
                out += "      ~ \(kind)\(name) = \(before) -> \(after)\n"
            }
        }
        let greenName = record.declared.first { $0.address == record.group }?.attributes["name"]?.stringValue ?? "green"
        let alarms = record.policy.alarms.isEmpty ? "" : ", alarms " + record.policy.alarms.joined(separator: ", ")
        let timeout = Int(record.policy.inServiceTimeoutSeconds)
        for (index, phase) in record.phases.enumerated() {
            let done = index < record.completed ? " (done)" : ""
            let line: String
            switch phase.kind {
            case .createGreen:
                line =
                    "create green \(greenName) at \(phase.green) node(s), wait until in service (\(timeout)s); "
                    + "blue to \(phase.blue)"
            case .shift:
                line = "green to \(phase.green) node(s), wait until in service; blue to \(phase.blue)"
            case .pause:
                line = "pause \(PlanTextRenderer.duration(phase.seconds)); gates: nodes in service\(alarms)"
            case .retireBlue:
                line = "retire blue; green takes the pool's addresses at the declared size"
            }
            out += "      \(index + 1). \(line)\(done)\n"
        }
        if rollout.overlapNodeHours > 0 {
            out +=
                "      overlap: about \(PlanTextRenderer.hours(rollout.overlapNodeHours)) node-hour(s) of "
                + "\(rollout.instanceType) beside the pool (a one-off)\n"
        }
        return out
    }

    static func short(_ value: AttributeValue) -> String {
        switch value {
        case .string(let text): return "\"" + (text.count > 60 ? String(text.prefix(57)) + "…" : text) + "\""
        case .number(let number): return number == number.rounded() ? String(Int(number)) : String(number)
        default: return "(changed)"
        }
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 60, whole % 60 == 0 { return "\(whole / 60)m" }
        return "\(whole)s"
    }

    static func hours(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}
