#!/usr/bin/env bash
# The real-world corpus against conform and ajv 8: installs the pinned packages
# of manifest.json into WORK (default build-realworld/, never committed),
# builds conform (or takes CONFORM=path), and prints Markdown tables: schemas
# loaded and verdicts agreeing per dialect, every refusal grouped by cause,
# every disagreement, schema load times and per-instance times on the
# benchmark set. Needs the npm registry and apt; not part of ctest or CI.
#   bench/realworld/run.sh [RUNS]     FORMATS=annotate: format as an annotation for both tools
#   TREE_TEST=build/tests/suite/verdict_tree_test also runs the verdict tree's differential test on the corpus
#   VERDICT_TEST=build/tests/suite/schema_verdict_test also runs Schema::verdict's against validate() on it
#   VERDICT_TIMING=path/conform_verdict_timing adds in-process verdict and validate times (see timing.js)
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${REALWORLD_DIR:-$root/build-realworld}

bash "$here/install.sh" "$work"
if [ -z "${CONFORM:-}" ]; then
  cmake -S "$root" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONFORM_TESTS=OFF >/dev/null
  cmake --build "$work/build" --target conform_cli >/dev/null
  CONFORM="$work/build/conform"
fi
echo "conform: $CONFORM ($(git -C "$root" rev-parse --short HEAD))"
# ajv warns once per unknown format on stderr; the report lists what matters.
node "$here/ajv_run.js" "$work" 2>/dev/null
node "$here/compare.js" "$work" "$CONFORM"
echo
node "$here/timing.js" "$work" "$CONFORM" "$runs" 2>/dev/null
# The verdict tree against the exact walk on every schema of the corpus, its
# documents and their mutations (TREE_TEST=path to a built verdict_tree_test).
if [ -n "${TREE_TEST:-}" ]; then
  echo
  CONFORM_REALWORLD_CORPUS="$work/corpus.json" "$TREE_TEST" --gtest_filter='*RealWorld*' | grep -E 'real-world corpus|OK|FAILED|Failure'
fi
# Schema::verdict against validate()'s status after the gate, on the same corpus (VERDICT_TEST=path to a built schema_verdict_test).
if [ -n "${VERDICT_TEST:-}" ]; then
  echo
  CONFORM_REALWORLD_CORPUS="$work/corpus.json" "$VERDICT_TEST" --gtest_filter='*RealWorld*' | grep -E 'real-world corpus|OK|FAILED|Failure'
fi
