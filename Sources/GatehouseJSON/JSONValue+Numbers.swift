extension JSONValue {
    /// The number as an `Int`, if this is an integral number that fits.
    public var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let value = Int(text) { return value }
        guard let double = Double(text), double.rounded() == double, abs(double) < 9.007_199_254_740_992e15 else {
            return nil
        }
        return Int(double)
    }

    /// The number as a `Double`, if this is a finite number.
    public var doubleValue: Double? {
        guard case .number(let text) = self, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Creates a number from an `Int`.
    public static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// Creates a number from a `Double` (finite values only; others become `null`).
    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value.rounded() == value && abs(value) < 1e15 { return .number(String(Int(value))) }
        return .number(String(value))
    }
}
