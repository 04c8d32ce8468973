import Foundation
import GatehouseJSON
import Hummingbird
import NIOCore

extension GatehouseServer {
    /// `/healthz`, `/readyz`, the metrics exposition and the development issuer's documents.
    /// - Parameters:
    ///   - scopes: what the development issuer's metadata lists in `scopes_supported` (every scope the endpoints
    ///     ask for).
    ///   - developmentIssuerMetadata: the members its sign-in adds (authorization and token endpoints, …).
    func addOperationalRoutes(scopes: [String], developmentIssuerMetadata: [String: JSONValue]) {
        if configuration.server.healthChecks {
            // Liveness: the process answers. Nothing else is checked, so a slow issuer never restarts the pod.
            router.get("/healthz") { _, _ in Self.json(.ok, ["status": "ok"]) }
            // Readiness: every issuer has verification keys (remote key sets fetched at least once) and every
            // upstream's lists were fetched at least once. An upstream that fails later is reported ("down: cause")
            // but keeps the instance ready: its cached lists are served and its calls fail with a named error.
            router.get("/readyz") { [runtime] _, _ in
                let missing = runtime.issuers.issuersWithoutKeys
                let upstreams = runtime.upstreamReadiness
                var body: [String: JSONValue] = ["status": "ready"]
                if !upstreams.states.isEmpty {
                    body["upstreams"] = .object(upstreams.states.mapValues(JSONValue.string))
                }
                guard missing.isEmpty, upstreams.neverReached.isEmpty else {
                    body["status"] = "not ready"
                    if !missing.isEmpty { body["issuers_without_keys"] = .array(missing.map(JSONValue.string)) }
                    if !upstreams.neverReached.isEmpty {
                        body["upstreams_never_reached"] = .array(upstreams.neverReached.map(JSONValue.string))
                    }
                    return Self.json(.serviceUnavailable, .object(body))
                }
                return Self.json(.ok, .object(body))
            }
        }
        if let metrics {
            router.get(RouterPath(configuration.metrics.path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
            }
        }
        if let development = runtime.issuers.development, let path = Self.path(of: development.issuer) {
            // The development issuer's public keys and RFC 8414 metadata, so clients and `gatehouse doctor` can
            // discover it. Its sign-in (in `gatehouse serve`) adds the authorization and token endpoints; without
            // it, tokens come from `gatehouse token mint` only.
            let jwksURL = development.issuer + "/jwks.json"
            router.get(RouterPath(path + "/jwks.json")) { _, _ in Self.publicJSON(development.jwks) }
            var members: [String: JSONValue] = [
                "response_types_supported": [],
                "grant_types_supported": [],
                "scopes_supported": .array(scopes.map(JSONValue.string)),
            ]
            members.merge(developmentIssuerMetadata) { _, added in added }
            members["issuer"] = .string(development.issuer)
            members["jwks_uri"] = .string(jwksURL)
            let metadata = JSONValue.object(members)
            for wellKnown in [
                "/.well-known/oauth-authorization-server" + path, path + "/.well-known/openid-configuration",
            ] {
                router.get(RouterPath(wellKnown)) { _, _ in Self.publicJSON(metadata) }
            }
        }
    }

    /// The path of an `http(s)://host[:port]/path` URL.
    static func path(of url: String) -> String? {
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else {
            return nil
        }
        return String(url[slash...])
    }

    /// A public document (the development issuer's keys and metadata), readable by browser-based clients such as
    /// the MCP Inspector: `Access-Control-Allow-Origin: *`, as RFC 9728 metadata is served.
    static func publicJSON(_ value: JSONValue) -> Response {
        var response = json(.ok, value)
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.serialize(value))))
    }
}
