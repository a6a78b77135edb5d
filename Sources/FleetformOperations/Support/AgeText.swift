import Foundation

/// Short human durations: `3d4h`, `2h05m`, `12m`, `40s`.
public enum AgeText {
    /// `seconds` (sign ignored) as `3d4h`, `2h05m`, `12m` or `40s`.
    public static func format(_ seconds: Double) -> String {
        let total = Int(abs(seconds))
        let days = total / 86_400, hours = total % 86_400 / 3600, minutes = total % 3600 / 60
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h" + (minutes < 10 ? "0" : "") + "\(minutes)m" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(total)s"
    }

    /// `in 7h59m` / `3h12m ago` for `date` seen from `now`.
    public static func relative(_ date: Date, now: Date) -> String {
        let delta = date.timeIntervalSince(now)
        return delta >= 0 ? "in " + format(delta) : format(delta) + " ago"
    }
}
