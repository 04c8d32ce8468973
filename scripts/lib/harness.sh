# Sourced by the test scripts: a scratch folder ($work), background processes to stop on exit ($pids), and the
# pass/fail reporting every script shares.
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    # Wait for them, so the next script (or a rerun) finds their ports free.
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "  ✓ $*"; }
# Waits up to 15 s for URL to answer at all; returns 1 (naming it) if it never does.
wait_for() { for _ in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "$1 never answered" >&2; return 1; }
# The start of a configuration: PORT and the development issuer at ORIGIN/dev-issuer with the repository's keys.
dev_server_yaml() { printf 'server:\n  port: %s\nissuers:\n  - issuer: %s/dev-issuer\n    development_keys: Keys\n' "$1" "$2"; }
