public import Hummingbird
public import TokenVerification

/// A request context that can carry the verified access token, for ``BearerAuthenticationMiddleware``.
///
/// Conform your own context, or use ``BasicAccessTokenRequestContext``.
public protocol AccessTokenRequestContext: RequestContext {
    /// The verified token, set by ``BearerAuthenticationMiddleware``.
    var accessToken: VerifiedAccessToken? { get set }
}

/// The default context carrying a verified access token.
public struct BasicAccessTokenRequestContext: AccessTokenRequestContext {
    /// Hummingbird's core context storage.
    public var coreContext: CoreRequestContextStorage
    /// The verified token, if the request was authenticated.
    public var accessToken: VerifiedAccessToken?

    /// Creates a context.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.accessToken = nil
    }
}
