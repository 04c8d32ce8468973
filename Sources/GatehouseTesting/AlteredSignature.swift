/// A compact JWS whose signature no longer matches, for tests of the `invalid_signature` refusal.
public enum AlteredSignature {
    /// `token` with the first character of its signature changed (`A` ↔ `B`), so it still parses — the signature stays
    /// canonical base64url of the same length — but fails verification. Changing the last character instead could
    /// set padding bits the strict decoder refuses, making the token malformed rather than badly signed.
    /// - Parameter token: a compact JWS (`header.payload.signature`) with a non-empty signature.
    public static func of(_ token: String) -> String {
        guard let dot = token.lastIndex(of: "."), dot < token.index(before: token.endIndex) else { return token + "A" }
        let start = token.index(after: dot)
        return token[..<start] + (token[start] == "A" ? "B" : "A") + token[token.index(after: start)...]
    }
}
