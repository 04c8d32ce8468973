#!/usr/bin/env bash
# The layering rule of docs/architecture.md: each target of Sources/ may import only the project modules listed
# for it below (third-party modules are not checked). Fails naming the file, the module and the rule.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A allowed=(
    [GatehouseJSON]=""
    [CJWT]=""
    [TokenVerification]="GatehouseJSON"
    [ProtectedResource]="GatehouseJSON"
    [MCPCore]="GatehouseJSON"
    [DevelopmentKeys]="GatehouseJSON TokenVerification"
    [GatehouseTesting]="GatehouseJSON TokenVerification DevelopmentKeys"
    [MCPHTTP]="GatehouseJSON TokenVerification ProtectedResource MCPCore"
    [DevelopmentAuthorization]="GatehouseJSON TokenVerification GatehouseTesting GatehouseServer"
    [GatehouseExample]="GatehouseJSON MCPCore"
    [SchemaCommentsScanner]=""
    [gatehouse-schema-comments]="SchemaCommentsScanner"
    [MCPGateway]="GatehouseJSON MCPCore"
    [GatehouseServer]="GatehouseJSON TokenVerification ProtectedResource MCPCore MCPHTTP MCPGateway DevelopmentKeys"
    [GatehouseDoctor]="GatehouseJSON TokenVerification ProtectedResource"
    [MCPTestServer]="GatehouseJSON TokenVerification ProtectedResource MCPCore MCPHTTP GatehouseTesting"
    [gatehouse]="GatehouseJSON TokenVerification MCPCore MCPGateway GatehouseServer GatehouseExample GatehouseDoctor GatehouseTesting DevelopmentAuthorization"
)
modules=" ${!allowed[*]} "
status=0
for target in Sources/*/; do
    target=$(basename "$target")
    if [ -z "${allowed[$target]+set}" ]; then
        echo "check-imports: Sources/$target is not in the layering table (scripts/check-imports.sh, docs/architecture.md)"
        status=1
        continue
    fi
    while IFS=: read -r file _ line; do
        module=$(sed -E 's/^(@_exported )?((public|package|internal) )?import ([A-Za-z0-9_]+).*/\4/' <<<"$line")
        [[ "$modules" == *" $module "* ]] || continue
        [ "$module" = "$target" ] && continue
        if [[ " ${allowed[$target]} " != *" $module "* ]]; then
            echo "check-imports: $file imports $module; $target may import only: ${allowed[$target]:-(none of ours)}"
            status=1
        fi
    done < <(grep -rnE '^(@_exported )?((public|package|internal) )?import [A-Za-z0-9_]+' "Sources/$target" --include='*.swift' || true)
done
# Inside targets: MCPCore's wire layer (JSON-RPC, revisions) names none of the dispatcher's or the backends' types
# (listed below), and TokenVerification's checks (verifier, claims, JOSE, cache, issuers) do no networking.
inner_rule() {
    local pattern=$1 what=$2
    shift 2
    while IFS= read -r hit; do
        echo "check-imports: $hit — $what"
        status=1
    done < <(grep -rnE "$pattern" "$@" --include='*.swift' || true)
}
inner_rule '\b(MCPDispatcher|MCPBackend|MCPBackendSnapshot|MCPOperation|AuthorizationRequirement|BackendOffers|BackendChange|ToolBackend|ToolResult|Tool|Resource|Prompt|RenderedPrompt|CallContext|Caller|LegacySession)\b' \
    "the wire layer must not know the dispatcher or the backend" Sources/MCPCore/JSONRPC Sources/MCPCore/Protocol
inner_rule '^((public|package|internal) )?import (AsyncHTTPClient|NIOCore|NIOHTTP1|NIOPosix)' \
    "the verifier core has no networking (adapters in KeySets/ and Introspection/)" \
    Sources/TokenVerification/Verifier Sources/TokenVerification/Claims Sources/TokenVerification/JOSE \
    Sources/TokenVerification/Cache Sources/TokenVerification/Issuers
[ "$status" = 0 ] && echo "imports follow the layering of docs/architecture.md"
exit "$status"
