#!/usr/bin/env bash
# Installs what building and testing conform needs, from Debian 12's own
# packages. Safe to run again: apt skips what is already there.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache     # toolchain; ccache shares objects between build folders (sanitizer builds, clones)
  libvalijson-dev rapidjson-dev    # the validation engine and JSON parser
  libre2-dev                       # linear-time regular expressions for "pattern"
  libpcre2-dev                     # lookaround and back-references, under match and depth limits
  libfmt-dev libcli11-dev          # formatting and the command line
  zlib1g-dev libzstd-dev           # gzip and zstd inputs, decoded as they are read
  libmimalloc-dev                  # the command's allocator: many small allocations per failing body
  libgtest-dev                     # the test suite
  json-schema-test-suite           # the official JSON-Schema-Test-Suite the engine is held to (ctest -L suite)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo)" >&2; exit 1; }
  as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
