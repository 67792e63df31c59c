#!/usr/bin/env bash
# The command line uses only the public API: every #include of src/cli/ names
# a header of include/conform/, a header of src/cli/ itself (which this check
# reads too), a standard header, or CLI11 or fmt. A private header
# (src/<layer>/...) there fails this check. Usage: check-cli-includes.sh SOURCE_DIR
set -euo pipefail
source_dir=${1:?usage: check-cli-includes.sh SOURCE_DIR}
status=0
checked=0
while IFS= read -r file; do
  checked=$((checked + 1))
  while IFS= read -r line; do
    header=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1/' <<<"${line#*:}")
    case $header in
      conform/*)
        [ -f "$source_dir/include/$header" ] || [ -f "$source_dir/include/$header.in" ] || {
          echo "${file#"$source_dir"/}:${line%%:*}: $header is not a public header" >&2
          status=1
        } ;;
      CLI/* | fmt/*) ;;
      */* | *.h | *.hpp)
        # A header of the command's own (commands.hpp) is one of the files checked here.
        [[ $header != */* && -f "$source_dir/src/cli/$header" ]] || {
          echo "${file#"$source_dir"/}:${line%%:*}: $header is not a public header of conform (nor CLI11, fmt, the standard library)" >&2
          status=1
        } ;;
      *) ;;  # <algorithm>, <csignal>: the standard library
    esac
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$file" || true)
done < <(find "$source_dir/src/cli" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) | sort)
if [ "$checked" -eq 0 ]; then
  echo "check-cli-includes: no file found in $source_dir/src/cli" >&2
  exit 1
fi
[ "$status" -eq 0 ] && echo "check-cli-includes: $checked files of src/cli include only public headers"
exit "$status"
