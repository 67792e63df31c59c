#!/usr/bin/env bash
# Runs the consumer project (run.cmake) in a private mount namespace where the
# headers of conform's private dependencies are hidden, as on a machine
# without libvalijson-dev, rapidjson-dev or RE2's headers: the installed
# package must need none of them. Exit 77 (skipped) where no namespace can be made.
# Usage: hidden_headers.sh CMAKE CONFORM_BUILD WORK GENERATOR RUN_CMAKE
set -euo pipefail
cmake=$1 build=$2 work=$3 generator=$4 script=$5
hidden=(/usr/include/valijson /usr/include/rapidjson /usr/include/re2 /usr/include/pcre2.h)
if ! unshare --mount --propagation private true 2>/dev/null; then
  echo "hidden_headers: cannot make a mount namespace here (needs root); skipped" >&2
  exit 77
fi
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
export cmake build work generator script empty
unshare --mount --propagation private bash -euo pipefail -c '
  for dir in '"${hidden[*]}"'; do
    if [ -d "$dir" ]; then mount --bind "$empty" "$dir"; elif [ -f "$dir" ]; then mount --bind /dev/null "$dir"; fi
  done
  if [ -e /usr/include/valijson/validator.hpp ] || [ -e /usr/include/rapidjson/reader.h ] || [ -e /usr/include/re2/re2.h ] ||
     [ -s /usr/include/pcre2.h ]; then
    echo "hidden_headers: the private headers are still visible" >&2
    exit 1
  fi
  "$cmake" "-DCONFORM_BUILD=$build" "-DWORK=$work" "-DGENERATOR=$generator" -P "$script"
'
