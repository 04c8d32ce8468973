import AsyncHTTPClient
import Crypto
import Foundation
import DevelopmentKeys
import TokenVerification

/// The issuers of a configuration, built: the registry the verifier uses, the remote key sets that need refreshing
/// (and report readiness and metrics), and the development issuer if one is configured (its JWKS is served).
struct TrustedIssuers: Sendable {
    let registry: IssuerRegistry
    let remoteKeySets: [(issuer: String, keySet: RemoteKeySet)]
    /// The development issuer's identifier and public JWK Set, when configured.
    let development: (issuer: String, jwks: JSONValue)?
    let providers: [(issuer: String, keys: any KeyProvider)]

    /// Builds the issuers of `settings`; remote key sets and introspection use `httpClient`.
    init(_ settings: [GatehouseConfiguration.IssuerSettings], httpClient: HTTPClient) throws(ConfigurationProblem) {
        let fetcher = HTTPKeySetFetcher(httpClient: httpClient)
        var issuers: [TrustedIssuer] = []
        var remote: [(issuer: String, keySet: RemoteKeySet)] = []
        var development: (issuer: String, jwks: JSONValue)?
        var providers: [(issuer: String, keys: any KeyProvider)] = []
        for (index, issuer) in settings.enumerated() {
            let key = "issuers[\(index)]"
            let keys: any KeyProvider
            switch issuer.keys {
            case .jwksURI(let url):
                let keySet = RemoteKeySet(source: .keySetURL(url), fetcher: fetcher)
                remote.append((issuer.issuer, keySet))
                keys = keySet
            case .metadataURL(let url):
                let keySet = RemoteKeySet(source: .metadataURL(url, expectedIssuer: issuer.issuer), fetcher: fetcher)
                remote.append((issuer.issuer, keySet))
                keys = keySet
            case .jwksFile(let path):
                keys = StaticKeyProvider(try KeySetFile.read(path, key: "\(key).jwks_file").keySet)
            case .development(let directory):
                do {
                    let folder = try DevelopmentKeyFolder(directory: directory)
                    keys = StaticKeyProvider(try folder.keySet())
                    development = (issuer.issuer, folder.jwks)
                } catch {
                    throw ConfigurationProblem(key: "\(key).development_keys", value: directory, fix: "\(error)")
                }
            case .sharedSecret(let secret):
                keys = StaticKeyProvider(Self.keySet(secret: secret))
            }
            providers.append((issuer.issuer, keys))
            var policy = IssuerPolicy(
                issuer: issuer.issuer, algorithms: Set(issuer.algorithms), typePolicy: issuer.typePolicy,
                leeway: issuer.leeway, scopeClaim: issuer.scopeClaim, requiredClaims: issuer.requiredClaims)
            policy.audiencePolicy = issuer.audiencePolicy
            let introspector = issuer.introspection.map { settings in
                TokenIntrospector(
                    configuration: .init(
                        endpoint: settings.endpoint, clientID: settings.clientID,
                        clientSecret: settings.clientSecret.value, activeCacheSeconds: settings.activeCacheSeconds),
                    httpClient: httpClient)
            }
            issuers.append(TrustedIssuer(policy: policy, keys: keys, introspector: introspector))
        }
        do {
            registry = try IssuerRegistry(issuers)
        } catch {
            throw ConfigurationProblem(key: "issuers", fix: error.message)
        }
        remoteKeySets = remote
        self.development = development
        self.providers = providers
    }

    /// Issuers without keys yet.
    var issuersWithoutKeys: [String] { providers.filter { !$0.keys.hasKeys }.map(\.issuer) }

    /// An HMAC key; its "thumbprint" is a digest of the secret, never the secret.
    static func keySet(secret: Secret) -> KeySet {
        let bytes = Array(secret.value.utf8)
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return KeySet([
            VerificationKey(keyID: nil, algorithm: nil, material: .hmac(SymmetricKey(data: bytes)), thumbprint: digest)
        ])
    }
}
