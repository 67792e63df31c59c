#!/usr/bin/env bash
# Whether every shape of input stays linear in the counts inside it (members,
# findings, entries, lines, nesting; issue #12): each row is checked at n, 2n
# and 4n by whole `conform validate -j 1` runs, and the table gives the median
# time of RUNS runs at each size, the time ratio per doubling (about 2 is
# linear, 4 quadratic) and the peak RSS of the largest. Inputs are made by
# conform_make_shapes (tests/hostile/make_shapes.cpp), never committed.
#
#   bench/doubling.sh [-r RUNS] [-d DIVISOR] [ROW...]
#
# -r: runs per size (default 3). -d: divides every n, for a build where a row
# is still quadratic. ROW: only these rows (the labels of the table).
# The "stop" row times how long conform takes to end after SIGTERM, sent
# 0.1 s into a body of n, 2n, 4n members (the ratio should stay about 1).
set -euo pipefail
runs=3
divisor=1
while getopts "r:d:" option; do
  case $option in
    r) runs=$OPTARG ;;
    d) divisor=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${BENCH_DIR:-$here/build-bench}
mkdir -p "$work/doubling"
cd "$here"
# DOUBLING_BUILD: an existing Release build with CONFORM_BENCH=ON to use as it is.
build=${DOUBLING_BUILD:-$work/build}
if [ -z "${DOUBLING_BUILD:-}" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONFORM_TESTS=OFF -DCONFORM_BENCH=ON >/dev/null
  cmake --build "$build" --target conform_cli conform_make_shapes >/dev/null
fi
conform="$build/conform"
make_shapes="$build/bench/conform_make_shapes"
[ -x "$make_shapes" ] || make_shapes="$build/tests/hostile/conform_make_shapes"  # built with the tests

# label | shape | n | extra conform options. The n are such that 4n is the
# size issue #12 measured.
rows=(
  "members|members|250000|"
  "duplicate-keys|duplicate-keys|15000|"
  "failing-items|failing-items|50000|"
  "har-one-line|har-one-line|5000|"
  "ndjson-junit|ndjson-lines|250000|--format junit"
  "har-base64|har-base64|35000000|"
  "har-nested|har-nested|5000000|"
  "har-syntax-end|har-syntax-end|125000000|"
  "capture-line|capture-line|75000000|"
  "har-non-mfa|har-non-mfa|250000|--format json"
  "member-name|member-name|4000000|"
  "pattern-name|pattern-name|50000|"
  "folders|folders|500|"
  "flows|flows|50000|"
  "flows-single|flows-single|50000|"
  "stop|members|1000000|--max-bytes 1000000000"
)

input_of() {  # shape n -> folder (made once)
  local folder="$work/doubling/$1-$2"
  if [ ! -e "$folder/.done" ]; then
    rm -rf "$folder"
    "$make_shapes" "$1" "$2" "$folder" >/dev/null
    touch "$folder/.done"
  fi
  echo "$folder"
}

# One run: prints "seconds peak_rss_kib". With stop=1, SIGTERM goes 0.1 s in
# and the seconds are from the signal to the end.
one_run() {  # folder stop options...
  local folder=$1 stop=$2
  shift 2
  local schema=()
  [ -e "$folder/schema.json" ] && schema=(--schema "$folder/schema.json")
  local rss_file="$work/doubling/rss.$$"
  local command=("$conform" validate -j 1 --progress never "${schema[@]}" "$@" "$folder"/input*)
  local start end pid
  if [ "$stop" = 1 ]; then
    # Run directly, so that the signal goes to conform itself (no RSS then).
    "${command[@]}" >/dev/null 2>&1 &
    pid=$!
    sleep 0.1
    start=$(date +%s%N)
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || true
    end=$(date +%s%N)
    echo 0 >"$rss_file"
  else
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$rss_file" "${command[@]}" >/dev/null 2>&1 || true
    end=$(date +%s%N)
  fi
  awk -v s="$start" -v e="$end" -v r="$(tail -n 1 "$rss_file")" 'BEGIN {printf "%.4f %d\n", (e - s) / 1e9, r}'
  rm -f "$rss_file"
}

measure() {  # folder stop options... -> "median_seconds max_rss_kib"
  local folder=$1 stop=$2
  shift 2
  local lines=()
  for ((i = 0; i < runs; i++)); do lines+=("$(one_run "$folder" "$stop" "$@")"); done
  printf '%s\n' "${lines[@]}" | sort -g | awk '{t[NR]=$1; if ($2 > r) r = $2} END {print t[int((NR+1)/2)], r}'
}

echo "| input | n | time n (s) | 2n (s) | 4n (s) | 2n / n | 4n / 2n | peak RSS at 4n (MiB) |"
echo "|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  IFS='|' read -r label shape n options <<<"$row"
  if [ $# -gt 0 ] && [[ " $* " != *" $label "* ]]; then continue; fi
  n=$((n / divisor))
  stop=0
  [ "$label" = stop ] && stop=1
  read -r -a extra <<<"$options"
  results=()
  for size in "$n" $((2 * n)) $((4 * n)); do
    results+=("$(measure "$(input_of "$shape" "$size")" "$stop" "${extra[@]}")")
  done
  printf '%s\n' "${results[@]}" | awk -v l="$label" -v n="$n" '
    {t[NR] = $1; r[NR] = $2}
    END {
      printf "| %s | %d | %.3f | %.3f | %.3f | %.2fx | %.2fx | %.1f |\n", l, n, t[1], t[2], t[3],
        (t[1] > 0 ? t[2] / t[1] : 0), (t[2] > 0 ? t[3] / t[2] : 0), r[3] / 1024 }'
done
