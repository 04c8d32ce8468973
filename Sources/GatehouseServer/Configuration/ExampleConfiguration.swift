/// The text `gatehouse config example` prints: every key, its default, and what it does. A test loads it, so it
/// always parses and validates.
public enum ExampleConfiguration {
    /// The commented example.
    public static let text = """
        # Gatehouse configuration. Every key is optional unless marked REQUIRED; the value shown is the default.
        # Unknown keys are errors. Scalars can be overridden by GATEHOUSE_<SECTION>_<KEY> environment variables
        # (GATEHOUSE_SERVER_PORT=9090) and by flags of `gatehouse serve` (--port 9090); flags win.
        # Reference: docs/configuration.md

        server:
          host: 127.0.0.1              # address to bind; 0.0.0.0 in a container
          port: 8080
          public_url: https://mcp.example.com   # the origin clients use (default http://host:port); resource
                                       # URIs are public_url + endpoint path, and tokens must name them in aud
          shutdown_grace_seconds: 10   # SIGTERM: stop accepting, close SSE streams, let requests finish this long
          health_checks: true          # /healthz (liveness) and /readyz (every issuer has keys)
          # instance_id: a             # behind a load balancer: session ids start with "a." (docs/deployment.md)
          header_timeout_seconds: 10   # a new connection must send its first request head within this
          idle_timeout_seconds: 60     # a kept-alive connection with no request in progress is closed after this
          max_connections: 4096        # then new clients wait; lowered to fit the open-file limit (ulimit -n)

        logging:
          level: info                  # trace, debug, info, notice, warning, error, critical
          format: text                 # text, or json (one object per line)
          auth_decisions: true         # one auth.decision event per MCP request (refusals at notice)
          queue_lines: 10000           # records waiting for the log writer (one thread, batched writes)
          when_full: drop              # a slow log reader: drop and count (requests never wait), or wait

        metrics:
          enabled: true
          path: /metrics               # Prometheus text format

        backend: example               # example tools, or upstreams (below); your own tools: see Examples/

        # upstreams:                   # gateway mode (docs/gateway.md): existing MCP servers behind the endpoints
        #   notes:
        #     url: http://127.0.0.1:8000/mcp      # Streamable HTTP; or command: python3 server.py (stdio)
        #     prefix: ""                 # put before tool and prompt names
        #     tools:                     # first match wins; a tool no rule names is not served
        #       admin_*: [notes.admin]   # scopes, beyond the endpoint's base_scopes
        #       echo: noauth             # no token on the OpenAI-style endpoint
        #       "*": []                  # any token of the endpoint
        #     resources: {"notes://*": [notes.read]}
        #     prompts: {"*": []}
        #     header: {name: X-Api-Key, value_file: /run/secrets/notes-key}   # the gateway's own credential
        #     # or oauth: {token_endpoint:, client_id:, client_secret_file:}    # its own token (client credentials)
        #     # or token_exchange: {token_endpoint:, client_id:, client_secret_file:, audience:}  # RFC 8693
        #     forward_identity: false    # Gatehouse-Caller-* headers; trust them on a private network only
        #     timeout_seconds: 30
        #     max_response_bytes: 16777216
        #     refresh_seconds: 60
        #     request_state: {secret_file: /run/secrets/state-key}  # share the sealing key across instances

        issuers:                       # REQUIRED: whose tokens are trusted
          - issuer: https://id.example.com/realms/mcp   # REQUIRED: the exact iss
            # exactly one key source:
            metadata_url: https://id.example.com/realms/mcp/.well-known/openid-configuration
            # jwks_uri: https://id.example.com/realms/mcp/protocol/openid-connect/certs
            # jwks_file: /etc/gatehouse/jwks.json
            # development_keys: Keys  # public development keys; only with a loopback server.host
            # shared_secret_file: /run/secrets/hs256   # HMAC (HS256/384/512) only
            # shared_secret_env: MY_HS256_SECRET
            algorithms: [RS256, ES256] # default: every asymmetric algorithm (RS*, PS*, ES*, EdDSA)
            leeway_seconds: 60         # clock skew tolerated for exp/nbf/iat (0-300)
            token_type: at+jwt         # at+jwt (RFC 9068), at+jwt-or-untyped, at+jwt-or-jwt
            scope_claim: scope         # scope, scp, scope-or-scp
            # required_claims: [iss, exp, aud, sub, client_id, iat, jti]   # RFC 9068's list
            # trailing_slash: significant   # or ignored: aud may add or drop a trailing slash
            # additional_audiences: [api://notes-mcp]   # also accepted as aud (Entra ID), by every endpoint; logged as audience_match
            # introspection:           # RFC 7662: refuse revoked tokens (fails closed: 503 if unreachable)
            #   endpoint: https://id.example.com/realms/mcp/protocol/openid-connect/token/introspect
            #   client_id: gatehouse
            #   client_secret_file: /run/secrets/introspection   # or client_secret_env: VARIABLE (never inline)
            #   active_cache_seconds: 30

        endpoints:                     # default: claude at /mcp/claude and openai at /mcp/openai
          - name: claude
            preset: claude             # REQUIRED: claude (HTTP 401/403 challenges) or openai (tool-level)
            path: /mcp/claude          # default /mcp/<name>
            # resource: https://mcp.example.com/mcp/claude   # default public_url + path (same path required)
            # authorization_servers: [https://id.example.com/realms/mcp]   # default: the issuers
            base_scopes: []            # scopes every operation needs
            # advertised_scopes: [notes.read]   # asked for in a no-token challenge; default: all the tools' scopes
            additional_scopes: []      # extra scopes_supported entries
            resource_name: Example MCP server
            # resource_documentation: https://mcp.example.com/docs
            # root_metadata: true      # also serve /.well-known/oauth-protected-resource (claude preset: true; one endpoint)
            # upstreams: [notes]       # gateway mode: serve only these upstreams (default: all)
            # lists: permitted         # lists leave out what the caller's token may not use (default: all)
            response_mode: automatic   # automatic, json (for proxies that cannot stream), sse
            allowed_origins: []        # browser origins allowed (exact scheme://host[:port]); others get 403
            max_body_bytes: 4194304
            max_sessions: 10000        # legacy (2025-*) sessions kept; least recently used evicted
            max_sessions_per_principal: 64   # one user's flood evicts only its own sessions
            session_idle_seconds: 1800
            replay_events: 256         # per-session events kept for Last-Event-ID
            get_stream: true           # GET SSE stream for legacy sessions (405 when false)
            replay_bytes: 1048576      # per-session bytes kept for Last-Event-ID (oldest go first)
            replay_total_bytes: 67108864   # bytes all sessions of the endpoint keep together
            max_batch_messages: 32     # 2025-03-26 batches: more messages is -32600, nothing runs
            max_batch_response_bytes: 4194304   # responses past this are -32603; later requests do not run
            max_subscriptions: 1024    # 2026-07-28 subscriptions/listen streams; anonymous callers share half
            max_subscriptions_per_principal: 8
            subscription_lifetime_seconds: 3600   # then the stream ends gracefully; clients listen again
          - name: openai
            preset: openai
            path: /mcp/openai
            additional_scopes: [openid, email, profile]

        """
}
