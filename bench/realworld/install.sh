#!/usr/bin/env bash
# Installs the packages that manifest.json pins into WORK (default
# build-realworld/): npm packages with `npm install`, Debian packages fetched
# with `apt-get download` and unpacked with `dpkg -x` (nothing is installed on
# the system), then writes WORK/corpus.json with materialise.js.
#   bench/realworld/install.sh [WORK]      (needs the npm registry and apt)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mkdir -p "${1:-$here/../../build-realworld}" && cd "${1:-$here/../../build-realworld}" && pwd)
manifest="$here/manifest.json"

command -v node >/dev/null || { apt-get install -y -q --no-install-recommends nodejs npm >/dev/null; }
mapfile -t npm_specs < <(node -e 'const m=require(process.argv[1]); for (const [n,v] of Object.entries(m.npm)) console.log(`${n}@${v}`)' "$manifest")
mapfile -t deb_specs < <(node -e 'const m=require(process.argv[1]); for (const [n,v] of Object.entries(m.debian)) console.log(`${n}=${v}`)' "$manifest")

stamp="$work/npm/.installed"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${npm_specs[*]}" ]; then
  mkdir -p "$work/npm"
  [ -f "$work/npm/package.json" ] || echo '{"name":"conform-realworld","private":true}' > "$work/npm/package.json"
  # Only the packages' files are needed: no install scripts, no platform binaries.
  npm install --prefix "$work/npm" --no-audit --no-fund --ignore-scripts --omit=optional --silent --save-exact "${npm_specs[@]}"
  echo "${npm_specs[*]}" > "$stamp"
fi

mkdir -p "$work/deb/archives"
for spec in "${deb_specs[@]}"; do
  name=${spec%%=*}
  if [ ! -f "$work/deb/$name/.extracted" ]; then
    # apt-get download writes into the current folder; _apt cannot write here, so it runs unsandboxed.
    (cd "$work/deb/archives" && apt-get download -q "$spec" >/dev/null 2>&1 || apt-get download -q "$spec")
    rm -rf "$work/deb/$name" && mkdir -p "$work/deb/$name"
    dpkg -x "$work/deb/archives/${name}_"*.deb "$work/deb/$name"
    touch "$work/deb/$name/.extracted"
  fi
done

node "$here/materialise.js" "$work"
