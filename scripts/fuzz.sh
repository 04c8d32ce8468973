#!/usr/bin/env bash
# Builds the libFuzzer target with AddressSanitizer and runs it for a bounded time.
#   scripts/fuzz.sh [SECONDS]   (default 60)
# Seeds: the published vector tokens and freshly minted development tokens. Crashes land in fuzz-artifacts/;
# each one found is fixed and kept as a regression test in Tests/TokenVerificationTests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
export GATEHOUSE_FUZZ=1 SWIFT_BACKTRACE=enable=no
# The one allocation site that lives for the whole run by design (Fuzz/lsan-suppressions.txt says why).
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt:print_suppressions=0"
swift build -c debug --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address --product TokenFuzzer

corpus=fuzz-corpus
mkdir -p "$corpus" fuzz-artifacts
python3 - "$corpus" <<'PY'
import json, sys, pathlib, hashlib
out = pathlib.Path(sys.argv[1])
root = pathlib.Path("Tests/TokenVerificationTests/Vectors/wycheproof")
for name in ("json_web_signature_test.json", "json_web_key_test.json"):
    data = json.loads((root / name).read_text())
    for group in data["testGroups"]:
        for test in group["tests"]:
            token = test["jws"].encode()
            (out / hashlib.sha1(token).hexdigest()).write_bytes(token)
        for field in ("public", "private"):
            if field in group:
                doc = json.dumps(group[field] if "keys" in group[field] else {"keys": [group[field]]}).encode()
                (out / hashlib.sha1(doc).hexdigest()).write_bytes(doc)
PY
for kid in dev-es256 dev-rs256 dev-eddsa; do
    env -u GATEHOUSE_FUZZ swift run -q gatehouse token mint --kid "$kid" --issuer https://issuer.test --audience https://mcp.test/mcp/claude \
        --scope notes.read > "$corpus/minted-$kid" 2>/dev/null || true
done

.build-fuzz/debug/TokenFuzzer "$corpus" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
    -artifact_prefix=fuzz-artifacts/ -print_final_stats=1
