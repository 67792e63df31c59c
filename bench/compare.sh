#!/usr/bin/env bash
# Times conform against its peers on the same corpora, in one run on this
# machine, and prints a table of medians, ratios and peak RSS. Every tool's
# valid/invalid counts are checked against the corpus's ground truth.
#
#   bench/compare.sh [RUNS]        (default 5 runs per cell; needs network for npm and apt)
#
# Peers: ajv 8 as a library (one node process), ajv-cli 5, the sourcemeta
# jsonschema CLI, python fastjsonschema (Debian's python3-fastjsonschema).
# Floors (bench/floor.cpp): read the lines and parse each with simdjson
# On-Demand (Debian's libsimdjson-dev) or a RapidJSON DOM, on 1 and 2 cores.
# Report modes: conform -q against full json, sarif, text and junit reports.
# The last table says, for each target of the throughput issue, met or missed;
# the cells it compares are measured alternately, run by run (see rows).
# Corpora (generated, never committed): 1,000,000 NDJSON lines of ~141-byte
# V3MFAStatusRequest bodies, and 10,000 / 100,000 files; 90% valid, 7%
# invalid, 3% malformed. The CLIs that stop at the first malformed body run on
# a well-formed twin of each corpus (the malformed 3% made valid).
set -euo pipefail
runs=${1:-5}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${BENCH_DIR:-$here/build-bench}
mkdir -p "$work"
cd "$here"

export DEBIAN_FRONTEND=noninteractive
need=()
command -v node >/dev/null || need+=(nodejs npm)
[ -x /usr/bin/time ] || need+=(time)
/usr/bin/python3 -c "import fastjsonschema" 2>/dev/null || need+=(python3 python3-fastjsonschema)
dpkg-query -W -f='${Status}' libsimdjson-dev 2>/dev/null | grep -q "install ok installed" || need+=(libsimdjson-dev)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; fi
if [ ! -d "$work/peers/node_modules/ajv-cli" ]; then
  mkdir -p "$work/peers"
  npm install --prefix "$work/peers" --no-audit --no-fund --silent ajv@8 ajv-cli@5 @sourcemeta/jsonschema
fi
export NODE_PATH="$work/peers/node_modules"

cmake -S . -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONFORM_TESTS=OFF -DCONFORM_BENCH=ON >/dev/null
cmake --build "$work/build" --target conform_cli conform_make_corpus conform_body_bench conform_floor >/dev/null
conform="$work/build/conform"
make_corpus="$work/build/bench/conform_make_corpus"
"$conform" schemas --show v3-mfa-status-request --bundled > "$work/schema.json"

corpora="$work/corpora"
mkdir -p "$corpora"
declare -A truth
make() {  # name kind count [wellformed]
  local name=$1 kind=$2 count=$3 flag=${4:-}
  local out="$corpora/$name"
  [ "$kind" = ndjson ] && out="$out.jsonl"
  if [ ! -e "$out.truth" ]; then
    rm -rf "$out"
    "$make_corpus" "$kind" "$out" "$count" 141 $flag > "$out.truth"
  fi
  truth[$name]=$(awk '{print $1, $3 + $5}' "$out.truth")  # "valid invalid"
}
make lines-1m ndjson 1000000
make lines-1m-wellformed ndjson 1000000 wellformed
make files-10k files 10000
make files-10k-wellformed files 10000 wellformed
make files-100k files 100000
make files-100k-wellformed files 100000 wellformed

# Prints "median_seconds median_peak_kib valid invalid" over $runs runs of a command whose
# stdout ends with "valid invalid" (conform's summary is turned into that by the caller).
measure() {
  local counts=() seconds=() memory=()
  for ((i = 0; i < runs; i++)); do
    local out
    out=$({ /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" 2>/dev/null || true; } | tail -1)
    read -r s m < "$work/time.txt"
    seconds+=("$s")
    memory+=("$m")
    counts=("$out")
  done
  local median_s median_m
  median_s=$(printf '%s\n' "${seconds[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  median_m=$(printf '%s\n' "${memory[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median_s $median_m ${counts[0]}"
}

conform_counts() {  # the summary line "… N inputs: P passed, F failed, E errors …" as "P F+E"
  "$conform" validate --progress never --quiet "$@" | sed -n 's/.* inputs: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) errors.*/\1 \2 \3/p' |
    awk '{print $1, $2 + $3}'
}
sourcemeta() {  # the sourcemeta CLI gives a verdict for the run, not counts: "- -"
  "$work/peers/node_modules/.bin/jsonschema" validate "$work/schema.json" "$1" > /dev/null 2>&1 || true
  echo "- -"
}
ajv_cli() {  # ajv-cli prints one line per file
  "$work/peers/node_modules/.bin/ajv" validate --strict=false -s "$work/schema.json" -d "$1/**/*.json" 2>&1 |
    awk '/ valid$/ {v++} / invalid$/ || /^error/ {i++} END {print v + 0, i + 0}'
}
summary_counts() {  # conform's summary line "… N inputs: P passed, F failed, E errors …" as "P F+E"
  sed -n 's/.* inputs: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) errors.*/\1 \2 \3/p' | awk '{print $1, $2 + $3}'
}
report_counts() {  # FORMAT JOBS FILE: a full report to a file; the counts read back from its own summary
  local report="$work/report.$1"
  "$conform" validate --progress never -j "$2" --format "$1=$report" "$3" >/dev/null 2>&1 || true
  case "$1" in
    text) tail -n 1 "$report" | summary_counts ;;
    junit) head -c 300 "$report" | sed -n 's/.*<testsuites [^>]*tests="\([0-9]*\)" failures="\([0-9]*\)" errors="\([0-9]*\)".*/\1 \2 \3/p' |
             awk '{print $1 - $2 - $3, $2 + $3}' ;;
    *) tail -c 400 "$report" | tr -d ' \n' | sed -n 's/.*"passed":\([0-9]*\),"failed":\([0-9]*\),"errors":\([0-9]*\).*/\1 \2 \3/p' |
         awk '{print $1, $2 + $3}' ;;
  esac
}
floor_counts() {  # the floors parse only: well-formed lines against the corpus's valid+invalid
  "$work/build/bench/conform_floor" "$@" | awk '{print "parsed", $1, $2}'
}
export -f conform_counts summary_counts report_counts floor_counts
export conform work

declare -A seconds memory counts
row() {  # key corpus command...
  local key=$1 corpus=$2
  shift 2
  read -r s m v i <<< "$(measure "$@")"
  seconds[$key]=$s
  memory[$key]=$m
  judge "$key" "$corpus" "$v" "$i"
}
judge() {  # key corpus valid invalid: the counts a tool gave against the corpus's ground truth
  local key=$1 corpus=$2 v=$3 i=$4
  local expected=${truth[$corpus]}
  if [ "$v $i" = "$expected" ]; then
    counts[$key]="ok"
  elif [ "$v $i" = "- -" ]; then
    counts[$key]="exit status only"
  elif [ "$v" = parsed ]; then
    counts[$key]="parse only"
  else
    counts[$key]="got '$v $i', truth '$expected'"
  fi
}

echo "bench: $runs runs per cell on $(nproc) cores; corpora in $corpora" >&2
for corpus in lines-1m files-10k files-100k; do
  if [ "$corpus" = lines-1m ]; then target="$corpora/$corpus.jsonl"; mode=ndjson; else target="$corpora/$corpus"; mode=files; fi
  row "conform-j2 $corpus" "$corpus" bash -c "conform_counts -j 2 '$target'"
  row "conform-j1 $corpus" "$corpus" bash -c "conform_counts -j 1 '$target'"
  row "ajv-lib $corpus" "$corpus" node bench/peers/ajv_lib.js "$work/schema.json" "$mode" "$target"
  row "fastjsonschema $corpus" "$corpus" /usr/bin/python3 bench/peers/fastjsonschema_run.py "$work/schema.json" "$mode" "$target"
  wellformed="${corpus}-wellformed"
  if [ "$mode" = files ]; then
    row "ajv-cli $corpus" "$wellformed" bash -c "$(declare -f ajv_cli); ajv_cli '$corpora/$wellformed'"
    row "sourcemeta $corpus" "$wellformed" bash -c "$(declare -f sourcemeta); sourcemeta '$corpora/$wellformed'"
  else
    row "sourcemeta $corpus" "$wellformed" bash -c "$(declare -f sourcemeta); sourcemeta '$corpora/$wellformed.jsonl'"
  fi
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Like row, for cells whose ratios are targets: measured alternately (run i
# of every cell, then run i+1), so that a change of load on a shared machine
# falls on all of them alike. Each command is a string for bash -c.
rows() {  # corpus key command [key command ...]
  local corpus=$1
  shift
  local keys=() commands=()
  while [ $# -gt 0 ]; do
    keys+=("$1")
    commands+=("$2")
    shift 2
  done
  local -A times peaks outs
  for ((r = 0; r < runs; r++)); do
    for c in "${!keys[@]}"; do
      outs[$c]=$({ /usr/bin/time -f "%e %M" -o "$work/time.txt" bash -c "${commands[$c]}" 2>/dev/null || true; } | tail -1)
      read -r s m < "$work/time.txt"
      times[$c]+="$s "
      peaks[$c]+="$m "
    done
  done
  for c in "${!keys[@]}"; do
    # shellcheck disable=SC2086 # the lists split into their numbers
    seconds[${keys[$c]}]=$(median ${times[$c]})
    # shellcheck disable=SC2086
    memory[${keys[$c]}]=$(median ${peaks[$c]})
    read -r v i <<< "${outs[$c]}"
    judge "${keys[$c]}" "$corpus" "$v" "$i"
  done
}

# The floors and the report modes, on the lines corpus: what a full report
# costs over -q, all measured alternately with the -q runs they are compared with.
lines="$corpora/lines-1m.jsonl"
for jobs in 1 2; do
  cells=("conform-q-j$jobs lines-1m" "conform_counts -j $jobs '$lines'"
    "floor-simdjson-j$jobs lines-1m" "floor_counts simdjson '$lines' $jobs"
    "floor-rapidjson-j$jobs lines-1m" "floor_counts rapidjson '$lines' $jobs")
  for format in json sarif text junit; do
    cells+=("report-$format-j$jobs lines-1m" "report_counts $format $jobs '$lines'")
  done
  rows lines-1m "${cells[@]}"
done
# 2 jobs against 1, alternately too.
rows lines-1m "scaling-j1 lines-1m" "conform_counts -j 1 '$lines'" "scaling-j2 lines-1m" "conform_counts -j 2 '$lines'"
rows files-100k "scaling-j1 files-100k" "conform_counts -j 1 '$corpora/files-100k'" \
  "scaling-j2 files-100k" "conform_counts -j 2 '$corpora/files-100k'"

printf '\n| corpus | tool | median s | bodies/s | vs ajv library | peak RSS MiB | counts |\n|---|---|---|---|---|---|---|\n'
for corpus in lines-1m files-10k files-100k; do
  n=$(awk '{print $1 + $2}' <<< "${truth[$corpus]}")
  base=${seconds[ajv-lib $corpus]}
  for tool in floor-simdjson-j1 floor-simdjson-j2 floor-rapidjson-j1 floor-rapidjson-j2 conform-j2 conform-j1 \
    conform-q-j1 conform-q-j2 scaling-j1 scaling-j2 report-json-j1 report-json-j2 report-sarif-j1 report-sarif-j2 report-text-j1 report-text-j2 report-junit-j1 \
    report-junit-j2 ajv-lib fastjsonschema ajv-cli sourcemeta; do
    key="$tool $corpus"
    [ -n "${seconds[$key]:-}" ] || continue
    awk -v c="$corpus" -v t="$tool" -v s="${seconds[$key]}" -v m="${memory[$key]}" -v n="$n" -v b="$base" -v k="${counts[$key]}" \
      'BEGIN {printf "| %s | %s | %.2f | %.0f | %.2fx | %.1f | %s |\n", c, t, s, n / s, b / s, m / 1024, k}'
  done
done
echo
echo "Per body (Google Benchmark, median of 5):"
"$work/build/bench/conform_body_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true 2>/dev/null |
  awk '/_median/ {printf "  %-32s %s %s\n", $1, $2, $3}'

# The throughput issue's targets, each met or missed, from this run's medians.
target() {  # description value limit comparison(le|ge)
  awk -v d="$1" -v v="$2" -v l="$3" -v c="$4" 'BEGIN {
    ok = (c == "le") ? v <= l : v >= l
    printf "| %s | %.2f | %s %s | %s |\n", d, v, (c == "le") ? "<=" : ">=", l, ok ? "met" : "missed" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print (b > 0) ? a / b : 0}'; }
echo
printf '| target | value | limit | verdict |\n|---|---|---|---|\n'
for jobs in 1 2; do
  q=${seconds[conform-q-j$jobs lines-1m]}
  target "-q, $jobs core(s), vs the simdjson floor" "$(ratio "$q" "${seconds[floor-simdjson-j$jobs lines-1m]}")" 2.5 le
  for format in json sarif text junit; do
    target "$format report, $jobs core(s), vs -q" "$(ratio "${seconds[report-$format-j$jobs lines-1m]}" "$q")" 1.3 le
  done
  target "junit report, $jobs core(s), peak RSS MiB" "$(ratio "${memory[report-junit-j$jobs lines-1m]}" 1024)" 64 le
done
for corpus in lines-1m files-100k; do
  target "2 jobs vs 1 job, $corpus" "$(ratio "${seconds[scaling-j1 $corpus]}" "${seconds[scaling-j2 $corpus]}")" 1.8 ge
done
