import FleetformModel

extension JSONText {
    /// An amount in dollars to `decimals` places (`1234.56`).
    public static func money(_ amount: Double, decimals: Int = 2) -> JSONText {
        .number(Money.plain(amount, decimals: decimals))
    }
}
