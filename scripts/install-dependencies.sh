#!/usr/bin/env bash
# Installs what Gatehouse needs on a Debian machine, only where it is missing.
# System packages: libssl-dev (OpenSSL) and pkg-config, plus any named as arguments (the test scripts add libjwt-dev
# for the differential test oracle, prometheus for promtool and nginx-light for the scale-out test; the server itself
# needs none of them).
set -euo pipefail

need=()
for package in libssl-dev pkg-config "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if ((${#need[@]})); then
    echo "installing: ${need[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
