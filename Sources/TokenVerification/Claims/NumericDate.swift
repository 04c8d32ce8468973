/// RFC 7519 §2 NumericDate: seconds since the epoch, a JSON number (fractions allowed by the RFC).
///
/// Strings, negative values, non-finite values (`1e400`) and anything after 9999-12-31 are rejected, so a
/// date can never overflow arithmetic or be read two ways.
public enum NumericDate {
    /// The latest date accepted: 9999-12-31T23:59:59Z.
    public static let latest: Double = 253_402_300_799

    /// Reads a NumericDate, or returns `nil` if `value` is not one.
    public static func seconds(_ value: JSONValue) -> Double? {
        guard case .number(let text) = value, let seconds = Double(text), seconds.isFinite,
            seconds >= 0, seconds <= latest
        else { return nil }
        return seconds
    }
}
