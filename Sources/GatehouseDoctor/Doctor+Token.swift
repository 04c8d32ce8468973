import Foundation
import GatehouseJSON
import ProtectedResource
import TokenVerification

extension Doctor {
    /// A token from the authorization server's token endpoint with the client-credentials grant (RFC 6749 §4.4),
    /// naming this endpoint as the resource (RFC 8707). The secret is sent only there, never printed.
    func clientCredentialsToken(http: DoctorHTTP, report: inout DoctorReport, discovered: Discovered) async -> String? {
        let advertised = discovered.authorizationServer?["issuer"]?.stringValue
        guard let expected = options.issuer, advertised == expected else {
            report.add(
                "token.client_credentials", .fail,
                options.issuer == nil
                    ? "refusing to send the client secret: no --issuer given"
                    : "refusing to send the client secret: the server names \(advertised ?? "no usable authorization server"), not \(options.issuer ?? "")",
                fix: "pass --issuer with the authorization server the credentials belong to; the secret goes only there"
            )
            return nil
        }
        guard let endpoint = discovered.authorizationServer?["token_endpoint"]?.stringValue else {
            report.add("token.client_credentials", .skip, "no token endpoint discovered")
            return nil
        }
        guard Self.isSecure(endpoint) else {
            report.add(
                "token.client_credentials", .fail, "refusing to send the client secret over plain http to \(endpoint)",
                fix: "the token endpoint must be https (http only on loopback, for development)")
            return nil
        }
        let scopes = options.scopes.isEmpty ? discovered.challenge?.scopes ?? [] : options.scopes
        var form = [("grant_type", "client_credentials"), ("resource", options.url)]
        if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
        let credentials = Data(
            "\(FormURLEncoding.encode(options.clientID ?? "")):\(FormURLEncoding.encode(options.clientSecret ?? ""))"
                .utf8)
        let body = form.map { "\($0.0)=\(FormURLEncoding.encode($0.1))" }.joined(separator: "&")
        do {
            let answer = try await http.post(
                endpoint,
                headers: [
                    ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
                    ("Authorization", "Basic \(credentials.base64EncodedString())"),
                ], body: body)
            guard answer.status == 200, let token = answer.json?["access_token"]?.stringValue else {
                let error = answer.json?["error"]?.stringValue ?? "HTTP \(answer.status)"
                report.add(
                    "token.client_credentials", .fail, "the token endpoint refused: \(error)",
                    fix: "check the client id/secret, that the client may use client_credentials, and the resource")
                return nil
            }
            report.add("token.client_credentials", .pass, "obtained a token for resource \(options.url)")
            return token
        } catch {
            report.add("token.client_credentials", .fail, "\(endpoint) → \(error)", fix: "check the token endpoint")
            return nil
        }
    }

    /// `https`, or `http` to a loopback host.
    static func isSecure(_ url: String) -> Bool {
        guard let resource = ResourceIdentifier(url) else { return false }
        return resource.scheme == "https"
            || (resource.scheme == "http" && LoopbackHost.contains(resource.host))
    }

    /// The token's claims against what the server advertises, then a full verification with the issuer's
    /// published keys (so the report says exactly why a server would refuse it).
    func inspect(token: String, http: DoctorHTTP, report: inout DoctorReport, discovered: Discovered) async {
        guard let jws = try? CompactJWS(token), let claims = try? jws.claims() else {
            report.add(
                "token.format", .warn, "not a JWT: only the server can judge it (opaque tokens need RFC 7662)")
            return
        }
        let now = Date.now.timeIntervalSince1970
        let audiences =
            claims["aud"]?.stringValue.map { [$0] } ?? claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let scopes = claims["scope"]?.stringValue?.split(separator: " ").map(String.init) ?? []
        if let exp = claims["exp"]?.doubleValue {
            report.add(
                "token.exp", exp > now ? .pass : .fail,
                exp > now ? "expires in \(Int(exp - now)) s" : "expired \(Int(now - exp)) s ago",
                fix: "get a fresh token")
        } else {
            report.add("token.exp", .fail, "no exp claim", fix: "access tokens must expire (RFC 9068 §2.2)")
        }
        if audiences.contains(options.url) {
            report.add("token.aud", .pass, "aud names \(options.url)")
        } else {
            report.add(
                "token.aud", .fail, "aud is \(audiences) and does not name \(options.url)",
                fix:
                    "request the token with resource=\(options.url) (RFC 8707) and map it into aud at the authorization server"
            )
        }
        let wanted = discovered.challenge?.scopes ?? []
        let missing = wanted.filter { !scopes.contains($0) }
        report.add(
            "token.scope", missing.isEmpty ? .pass : .warn,
            missing.isEmpty
                ? "scope \"\(scopes.joined(separator: " "))\""
                : "lacks \(missing.joined(separator: " ")) (advertised by the server)",
            fix: "request the advertised scopes; tools needing them will answer 403 insufficient_scope")
        if jws.header.type?.lowercased() != "at+jwt" {
            report.add(
                "token.typ", .warn, "typ is \(jws.header.type ?? "absent"), not at+jwt",
                fix: "servers that enforce RFC 9068 §2.1 refuse it; configure the authorization server for at+jwt")
        }
        await verifySignature(jws: jws, token: token, claims: claims, report: &report, discovered: discovered)
    }

    private func verifySignature(
        jws: CompactJWS, token: String, claims: [String: JSONValue], report: inout DoctorReport,
        discovered: Discovered
    ) async {
        guard let issuer = claims["iss"]?.stringValue,
            let jwksURI = discovered.authorizationServer?["jwks_uri"]?.stringValue,
            discovered.authorizationServer?["issuer"]?.stringValue == issuer,
            let resource = ResourceIdentifier(options.url)
        else {
            report.add("token.signature", .skip, "the token's issuer is not the discovered authorization server")
            return
        }
        let fetcher = HTTPKeySetFetcher(timeout: options.timeout)
        let keys = RemoteKeySet(source: .keySetURL(jwksURI), fetcher: fetcher)
        let policy = IssuerPolicy(issuer: issuer, typePolicy: .accessTokenOrJWT, requiredClaims: ["iss", "exp", "aud"])
        do {
            let registry = try IssuerRegistry([TrustedIssuer(policy: policy, keys: keys)])
            let verifier = AccessTokenVerifier(registry: registry, cache: nil)
            let inspection = await TokenInspection(
                token: token, verifier: verifier, resource: resource, now: Date.now.timeIntervalSince1970)
            if let verdict = inspection.verdict {
                let failed = inspection.checks.filter { $0.passed == false }.map(\.name).joined(separator: ", ")
                report.add(
                    "token.signature", .fail,
                    "\(verdict.code): \(verdict.reason) (failed: \(failed); a server answers HTTP \(inspection.httpStatus))",
                    fix: "a server trusting \(issuer) would refuse this token for the reason above")
            } else {
                report.add("token.signature", .pass, "verifies with \(jwksURI) (\(jws.header.algorithmName))")
            }
        } catch {
            report.add("token.signature", .fail, "\(error)")
        }
    }
}
