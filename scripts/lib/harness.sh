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
