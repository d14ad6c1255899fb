#!/usr/bin/env bash
# Installs the Debian packages a fresh machine lacks for `make run` / `make test`.
# As root it uses apt-get; otherwise it stops and prints the one command to run.
set -euo pipefail
missing=()
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
for pkg in ${DEB_PACKAGES:-}; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "Missing Debian packages. Run this once, then run make again:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
