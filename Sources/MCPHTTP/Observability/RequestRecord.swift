/// What one request to an MCP endpoint came to: the authorization decision and the answer, for one structured log
/// event and the metrics (DESIGN.md §4: never the token).
public struct RequestRecord: Sendable, Hashable {
    /// How the request ended, from the authorization point of view.
    public enum Outcome: String, Sendable, Hashable {
        /// A verified token was accepted for the operation.
        case allowed
        /// No token, and the endpoint let the operation run anonymously (discovery, `noauth` tools).
        case anonymous
        /// Authorization refused it (401, 403, 400 `invalid_request`, 503, or a tool-level challenge).
        case denied
        /// The transport or protocol refused it before any operation ran (bad headers, body, session, Origin).
        case rejected
    }

    /// The endpoint profile's name.
    public var endpoint: String
    /// The HTTP method.
    public var httpMethod: String
    /// The JSON-RPC method of the (first) request in the body, if one was decoded.
    public var mcpMethod: String?
    /// The HTTP status of the answer.
    public var status: Int = 0
    /// The outcome.
    public var outcome: Outcome = .rejected
    /// Why authorization refused the request: a ``TokenVerificationError/Code`` name (`expired`,
    /// `audience_mismatch`, …), `missing_token` or `insufficient_scope`.
    public var reason: String?
    /// The verified token's issuer.
    public var issuer: String?
    /// The verified token's subject (hash it before logging; see `subjectDigest`).
    public var subject: String?
    /// The verified token's `client_id`.
    public var clientID: String?
    /// The verified token's scopes.
    public var scopes: [String] = []
    /// How the token's `aud` matched the resource when not canonically: `trailing_slash`, or `additional_audience`
    /// and the audience (an issuer's configured extra audience, RFC 9068 §4 step 4) — a widened acceptance an audit
    /// must see.
    public var audienceMatch: String?
    /// The W3C trace id of the request's `traceparent`, if it carried a valid one.
    public var traceID: String?
    /// From the start of the request to the response head.
    public var duration: Duration = .zero

    /// Creates a record for a request that has just arrived.
    public init(endpoint: String, httpMethod: String) {
        self.endpoint = endpoint
        self.httpMethod = httpMethod
    }
}
