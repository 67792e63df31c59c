#!/usr/bin/env bash
# Whether conform's time grows linearly: in the number of bodies (10,000 to
# 1,000,000 NDJSON lines of ~141 bytes) and in the size of a body (141 B to
# 10 MB, about 100 MB of bodies in each run), and how two jobs compare to one.
# Prints medians of RUNS runs (default 5); corpora are generated, never committed.
#
#   bench/scaling.sh [RUNS]
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${BENCH_DIR:-$here/build-bench}
mkdir -p "$work/scaling"
cd "$here"
cmake -S . -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONFORM_TESTS=OFF -DCONFORM_BENCH=ON >/dev/null
cmake --build "$work/build" --target conform_cli conform_make_corpus >/dev/null
conform="$work/build/conform"
make_corpus="$work/build/bench/conform_make_corpus"

median_seconds() {  # command...
  local seconds=()
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    seconds+=("$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.4f", (e - s) / 1e9}')")
  done
  printf '%s\n' "${seconds[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

row() {  # label count body_bytes
  local file="$work/scaling/$1.jsonl"
  [ -e "$file" ] || "$make_corpus" ndjson "$file" "$2" "$3" wellformed >/dev/null
  local bytes j1 j2
  bytes=$(stat -c %s "$file")
  j1=$(median_seconds "$conform" validate --progress never --quiet -j 1 "$file")
  j2=$(median_seconds "$conform" validate --progress never --quiet -j 2 "$file")
  awk -v l="$1" -v n="$2" -v b="$bytes" -v a="$j1" -v c="$j2" 'BEGIN {
    printf "| %s | %d | %.0f | %.3f | %.0f | %.0f | %.3f | %.2fx |\n", l, n, b / 1e6, a, a * 1e9 / n, b / 1e6 / a, c, a / c }'
}

echo "| corpus | bodies | MB | -j 1 s | ns per body | MB/s | -j 2 s | 2 jobs vs 1 |"
echo "|---|---|---|---|---|---|---|---|"
row count-10k 10000 141
row count-100k 100000 141
row count-1m 1000000 141
row size-10KB 10000 10000
row size-1MB 100 1000000
row size-10MB 10 10000000
