#!/usr/bin/env bash
# Builds the .deb from BUILD_DIR (default: build), holds it to lintian (no
# error and no warning), checks its Depends and its manual page, installs it,
# runs the installed command and removes it again. Run as root (apt-get).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends help2man dpkg-dev lintian >/dev/null

cmake -S . -B "$build" >/dev/null
cmake --build "$build"
(cd "$build" && rm -f conform_*.deb && cpack -G DEB >/dev/null)
deb=$(ls "$build"/conform_*_amd64.deb)

# lintian prints one line per tag: E (error), W (warning), I/P/N (information).
tags=$(lintian --allow-root --tag-display-limit 0 "$deb" | grep -E '^[EW]: ' || true)
if [ -n "$tags" ]; then
  echo "check-deb: lintian reports errors or warnings:" >&2
  echo "$tags" >&2
  exit 1
fi
depends=$(dpkg-deb -f "$deb" Depends)
for library in libre2 libfmt libstdc++6 libc6; do
  case "$depends" in *"$library"*) ;; *) echo "check-deb: Depends lacks $library: $depends" >&2; exit 1 ;; esac
done
man=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/man/man1/conform.1.gz | gzip -dc)
for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS '"EXIT STATUS"' ENVIRONMENT FILES EXAMPLES '"FLOW RULES"' MASKING; do
  grep -qx ".SH $section" <<<"$man" || { echo "check-deb: the man page lacks the section $section" >&2; exit 1; }
done
# The man page and the README list the same exit codes.
readme_codes=$(sed -n '/^### Exit codes/,/^### /p' README.md | grep -oE '^\| `[0-9]+`(, `[0-9]+`)*' | grep -oE '[0-9]+' | sort -n | tr '\n' ' ')
man_codes=$(sed -n '/^\.SH "EXIT STATUS"/,/^\.SH /p' <<<"$man" | grep -A1 '^\.TP' | grep -oE '^\.BR? [0-9]+( ", " [0-9]+)?' | grep -oE '[0-9]+' | sort -n | tr '\n' ' ')
if [ "$readme_codes" != "$man_codes" ]; then
  echo "check-deb: exit codes differ: README [$readme_codes], man page [$man_codes]" >&2
  exit 1
fi

apt-get install -y -q "./$deb" >/dev/null
installed=$(/usr/bin/conform --version)
echo "check-deb: installed $installed; lintian clean; Depends: $depends"
[ "$installed" = "conform $(sed -n 's/^project(conform VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" ]
/usr/bin/conform validate --progress never examples/payloads/status-request-seed.json
man -w conform >/dev/null 2>&1 || [ -f /usr/share/man/man1/conform.1.gz ]
apt-get remove -y -q conform >/dev/null
