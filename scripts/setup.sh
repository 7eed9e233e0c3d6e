#!/usr/bin/env bash
# Installs what building and testing luasteam needs on Debian 12: Lua interpreters, the C++
# toolchain and libraries GameNetworkingSockets builds with, Rust (if missing) and Sphinx.
# Idempotent; run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

PKGS="lua5.1 lua5.2 lua5.3 lua5.4 luajit cmake g++ pkg-config protobuf-compiler libprotobuf-dev
libssl-dev libclang-dev python3 python3-venv curl ca-certificates git valgrind"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    else
        echo "setup: installing Rust with rustup"
        curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy >/dev/null
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
fi

if [ ! -x .venv/bin/sphinx-build ]; then
    echo "setup: installing Sphinx into .venv"
    python3 -m venv .venv
    .venv/bin/pip install -q -r docs/requirements.txt
fi
echo "setup: done"
