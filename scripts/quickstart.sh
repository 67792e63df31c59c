#!/usr/bin/env bash
# The README's two commands.
#   scripts/quickstart.sh demo   install, build, check the bundled corpora, validate the example payloads and captures
#   scripts/quickstart.sh test   install, build, run the whole test suite with ctest
# BUILD_DIR (default: build) and JOBS (default: all cores) may be set in the environment.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

"$here/scripts/install-deps.sh"
mode=${1:-demo}
launcher=()
if command -v ccache >/dev/null; then
  # Paths relative to the checkout and no working directory in the hash: another
  # build folder, or a clone elsewhere, reuses the objects.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$here} CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build_dir" -G Ninja "${launcher[@]}" ${CONFORM_CMAKE_ARGS:-}
conform="$build_dir/conform"

case "$mode" in
  demo)
    cmake --build "$build_dir" --parallel "$jobs" --target conform_cli
    echo
    echo "== conform test fixtures/  (does every fixture of every corpus behave as it declares?)"
    "$conform" test fixtures/*/
    # The examples hold non-conforming bodies and flows on purpose: exit code 1 is the expected outcome.
    for examples in examples/payloads examples/captures; do
      echo
      echo "== conform validate $examples  (some bodies and flows are wrong on purpose)"
      status=0
      "$conform" validate "$examples" || status=$?
      if [ "$status" -ne 1 ]; then
        echo "quickstart: expected exit code 1 from $examples, got $status" >&2
        exit 1
      fi
      echo "(exit code 1, as expected: the examples hold non-conforming bodies on purpose)"
    done
    ;;
  test)
    cmake --build "$build_dir" --parallel "$jobs"
    ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs"
    ;;
  *)
    echo "usage: scripts/quickstart.sh demo|test" >&2
    exit 2
    ;;
esac
