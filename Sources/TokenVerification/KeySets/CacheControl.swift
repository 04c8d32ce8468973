/// The parts of an HTTP `Cache-Control` response header (RFC 9111 §5.2.2) that decide how long a key set is
/// kept.
struct CacheControl: Equatable {
    /// `max-age`, in seconds.
    var maxAge: Int?
    /// `no-store` or `no-cache`: keep the set for the shortest allowed time.
    var noCache = false

    init(maxAge: Int? = nil, noCache: Bool = false) {
        self.maxAge = maxAge
        self.noCache = noCache
    }

    /// Parses a header value; unknown directives are ignored, malformed `max-age` values are treated as absent.
    init(_ header: String?) {
        guard let header else { return }
        for directive in header.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1)
            let name = parts[0].trimmingSpaces().lowercased()
            switch name {
            case "max-age":
                if parts.count == 2 {
                    var value = parts[1].trimmingSpaces()
                    if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                        value = value.dropFirst().dropLast()
                    }
                    if value.allSatisfy({ $0.isASCII && $0.isNumber }), value.count <= 10, let seconds = Int(value) {
                        maxAge = seconds
                    }
                }
            case "no-store", "no-cache":
                noCache = true
            default:
                continue
            }
        }
    }

    /// How long to keep a response, clamped to `bounds`; `fallback` when the header says nothing.
    func lifetime(within bounds: ClosedRange<Double>, fallback: Double) -> Double {
        if noCache { return bounds.lowerBound }
        guard let maxAge else { return min(max(fallback, bounds.lowerBound), bounds.upperBound) }
        return min(max(Double(maxAge), bounds.lowerBound), bounds.upperBound)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        while result.last == " " || result.last == "\t" { result.removeLast() }
        return result
    }
}
