#!/usr/bin/env bash
# Runs conform as the README's CI examples do (every report format at once)
# and checks each report the way its consumers read it:
#   JUnit  - well-formed XML (xmllint), counts as Jenkins and GitLab read them;
#   SARIF  - Microsoft's SARIF Multitool `validate`, with no errors, GitHub's rules included;
#   GitHub - at most 10 annotations by default; with no limit, one ::error per error finding;
# and that every format carries the same counts as the JSON report.
# Usage: scripts/check-reports.sh BUILD_DIR   (installs xmllint, jq, npm and the Multitool when missing)
set -euo pipefail
build=${1:?usage: scripts/check-reports.sh BUILD_DIR}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
conform="$build/conform"
out="$build/reports"
rm -rf "$out" && mkdir -p "$out"

need=()
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v jq >/dev/null || need+=(jq)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
tools="$build/tools"
multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$multitool" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent @microsoft/sarif-multitool-linux@5.7.0
  chmod u+x "$multitool"
fi

# The command of the README's GitHub Actions example.
status=0
"$conform" validate --progress never --format github --format json="$out/conform.json" \
  --format junit="$out/conform-junit.xml" --format sarif="$out/conform.sarif" \
  examples/payloads examples/captures > "$out/github.txt" || status=$?
[ "$status" -eq 1 ] || { echo "check-reports: expected exit code 1 from the examples, got $status" >&2; exit 1; }

fail() { echo "check-reports: $*" >&2; exit 1; }
inputs=$(jq '.summary.inputs' "$out/conform.json")
failed=$(jq '.summary.failed' "$out/conform.json")
errors=$(jq '.summary.errors' "$out/conform.json")
error_findings=$(jq '[.results[].findings[] | select(.severity == "error")] | length' "$out/conform.json")

xmllint --noout "$out/conform-junit.xml"
[ "$(xmllint --xpath 'string(/testsuites/@tests)' "$out/conform-junit.xml")" = "$inputs" ] || fail "JUnit tests != inputs"
[ "$(xmllint --xpath 'string(/testsuites/@failures)' "$out/conform-junit.xml")" = "$failed" ] || fail "JUnit failures != failed"
[ "$(xmllint --xpath 'string(/testsuites/@errors)' "$out/conform-junit.xml")" = "$errors" ] || fail "JUnit errors != errors"
[ "$(xmllint --xpath 'count(//testsuite/testcase)' "$out/conform-junit.xml")" = "$inputs" ] || fail "JUnit testcases != inputs"
[ "$(xmllint --xpath 'count(//testcase/failure)' "$out/conform-junit.xml")" = "$failed" ] || fail "JUnit failure elements != failed"
suites_tests=$(xmllint --xpath 'sum(//testsuite/@tests)' "$out/conform-junit.xml")
[ "$suites_tests" = "$inputs" ] || fail "sum of testsuite tests ($suites_tests) != inputs"

DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$multitool" validate "$out/conform.sarif" -o "$out/validation.sarif" > "$out/multitool.txt" 2>&1
if grep -E ': error [A-Z]+[0-9]+' "$out/multitool.txt"; then fail "SARIF Multitool found errors"; fi
# GitHub code scanning's own rules (GH1001...: help for every rule, relative artifact URIs, ...).
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$multitool" validate --rule-kind "Gh;Sarif" "$out/conform.sarif" \
  -o "$out/validation-gh.sarif" > "$out/multitool-gh.txt" 2>&1
if grep -E ': error [A-Z]+[0-9]+' "$out/multitool-gh.txt"; then fail "SARIF Multitool (GitHub rules) found errors"; fi
[ "$(jq '.runs[0].properties.inputs' "$out/conform.sarif")" = "$inputs" ] || fail "SARIF inputs != inputs"
[ "$(jq '.runs[0].properties.failed' "$out/conform.sarif")" = "$failed" ] || fail "SARIF failed != failed"
[ "$(jq '[.runs[0].results[] | select(.level == "error")] | length' "$out/conform.sarif")" = "$error_findings" ] ||
  fail "SARIF error results != error findings"

# The README's command keeps within GitHub's 10 annotations per step; with no limit, one ::error per error finding.
annotations=$(grep -cE '^::(error|warning|notice) ' "$out/github.txt" || true)
held=$(grep -c '^::notice title=conform annotations::' "$out/github.txt" || true)
[ $((annotations - held)) -le 10 ] || fail "GitHub report: more than 10 annotations by default"
"$conform" validate --progress never --max-annotations 0 --format github examples/payloads examples/captures \
  > "$out/github-all.txt" || true
[ "$(grep -c '^::error ' "$out/github-all.txt")" = "$error_findings" ] || fail "GitHub ::error lines != error findings"

echo "check-reports: JUnit, SARIF and GitHub reports agree with the JSON report ($inputs inputs, $failed failed," \
  "$errors errors, $error_findings error findings); SARIF Multitool: no errors, GitHub rules included"
