import Foundation

/// How every report format writes amounts, so that the same total reads the same everywhere.
/// Amounts stay unrounded `Double`s until here; monthly amounts are shown to the cent.
public enum Money {
    /// `$1,234.56` (or `-$1,234.56`).
    public static func usd(_ amount: Double, decimals: Int = 2) -> String {
        let text = grouped(plain(abs(amount), decimals: decimals))
        return (isNegative(amount, decimals: decimals) ? "-$" : "$") + text
    }

    /// `+$1,234.56`, `-$12.00`, or `$0.00` for no change.
    public static func signedUSD(_ amount: Double, decimals: Int = 2) -> String {
        if plain(abs(amount), decimals: decimals) == plain(0, decimals: decimals) { return usd(0, decimals: decimals) }
        return (amount > 0 ? "+" : "") + usd(amount, decimals: decimals)
    }

    /// `1234.56`: no grouping, no symbol, for CSV and JSON.
    public static func plain(_ amount: Double, decimals: Int = 2) -> String {
        let text = String(format: "%.\(decimals)f", amount)
        // Never print "-0.00".
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// `23,360` or `3,366.58`: a quantity with thousands separators, decimals only when needed.
    public static func quantity(_ value: Double, decimals: Int = 2) -> String {
        grouped(plain(value, decimals: value.rounded() == value ? 0 : decimals))
    }

    /// `+28.5%` of `delta` against `base`; nil when `base` is zero.
    public static func percent(_ delta: Double, of base: Double) -> String? {
        guard abs(base) >= 0.005 else { return nil }
        let p = delta / base * 100
        let text = plain(p, decimals: 1)
        return (p > 0 && text != "0.0" ? "+" : "") + text + "%"
    }

    private static func isNegative(_ amount: Double, decimals: Int) -> Bool {
        amount < 0 && plain(abs(amount), decimals: decimals) != plain(0, decimals: decimals)
    }

    private static func grouped(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = Array(parts[0])
        var out: [Character] = []
        while integer.count > 3 {
            out = [","] + integer.suffix(3) + out
            integer.removeLast(3)
        }
        let head = String(integer + out)
        return parts.count > 1 ? head + "." + parts[1] : head
    }
}
