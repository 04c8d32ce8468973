#!/usr/bin/env bash
# Installs what Gatehouse needs on a Debian machine, only where it is missing.
# System packages: libssl-dev (OpenSSL), libjwt-dev (the test oracle), pkg-config, plus any named as arguments
# (the test scripts add prometheus for promtool and nginx-light for the scale-out test).
set -euo pipefail

need=()
for package in libssl-dev libjwt-dev pkg-config "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if ((${#need[@]})); then
    echo "installing: ${need[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
