#!/usr/bin/env bash
# The two pre-commit hooks of .pre-commit-hooks.yaml in an ordinary repository:
# a scratch git repository with a package.json, editor settings, a fixture
# corpus and a payload folder, run with Debian's pre-commit through
# `pre-commit try-repo` on this checkout. Usage: tests/precommit/run.sh BUILD_DIR
set -euo pipefail
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (apt-get install pre-commit)"; exit 2; }
# language: system runs conform from PATH: the one just built.
export PATH="$build:$PATH"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export PRE_COMMIT_HOME="$scratch/cache" GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com \
  GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.com
# try-repo takes the hooks as committed: a copy of this checkout with its working tree committed.
hooks="$scratch/hooks"
git init -q "$hooks"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -qm hooks

repo="$scratch/repo"
mkdir -p "$repo/.vscode" "$repo/payloads/nested" "$repo/tests/corpus"
cd "$repo"
git init -q
echo '{"name": "app", "version": "1.0.0", "scripts": {"test": "jest"}}' > package.json
echo '{"editor.formatOnSave": true}' > .vscode/settings.json
cp -r "$source_dir/fixtures/v3-mfa-status-request/valid" "$source_dir/fixtures/v3-mfa-status-request/invalid" tests/corpus/
cp "$source_dir/examples/payloads/status-request-seed.json" payloads/
cp "$source_dir/examples/payloads/status-request-byo-phone.json" payloads/nested/
git add -A

run_hook() {  # hook, then the files to hand it (none: every file)
  local hook=$1
  shift
  if [ $# -eq 0 ]; then
    pre-commit try-repo "$hooks" "$hook" --all-files
  else
    pre-commit try-repo "$hooks" "$hook" --files "$@"
  fi
}
expect() {  # expected outcome (pass|fail), then run_hook's arguments
  local want=$1
  shift
  local got=pass
  run_hook "$@" > "$scratch/log" 2>&1 || got=fail
  if [ "$got" != "$want" ]; then
    echo "pre-commit hook $1 should $want ($*) but did $got:"
    cat "$scratch/log"
    exit 1
  fi
  # A pass must be the hook's own, not "(no files to check)Skipped", unless asked for.
  if [ "$want" = pass ] && [ "${ALLOW_SKIP:-}" != 1 ] && ! grep -q 'Passed' "$scratch/log"; then
    echo "pre-commit hook $1 did not run ($*):"
    cat "$scratch/log"
    exit 1
  fi
  echo "ok: $1: $want with $(($# - 1)) files named"
}

# Every file of an ordinary repository: the hooks look only at what is theirs.
expect pass conform-validate
expect pass conform-test
# Handed a sidecar, conform-test runs its fixture (not NAME.expect.expect.json); so with both.
# A glob, not `ls | head`: under pipefail, head leaving early can end ls with SIGPIPE.
sidecars=(tests/corpus/invalid/*.expect.json)
sidecar=${sidecars[0]}
expect pass conform-test "$sidecar"
expect pass conform-test "$sidecar" "${sidecar%.expect.json}.json"
# The editor settings and package.json are not payloads; the invalid fixtures are not either.
ALLOW_SKIP=1 expect pass conform-validate package.json .vscode/settings.json tests/corpus/invalid/*.json
expect pass conform-validate package.json .vscode/settings.json payloads/status-request-seed.json

# A bad payload fails conform-validate; a broken sidecar fails conform-test.
echo '{"correlationId": "not-a-uuid"}' > payloads/nested/bad.json
git add payloads/nested/bad.json
expect fail conform-validate
echo '{"findings": [{"instanceLocation": "/nowhere", "keyword": "type"}]}' > "$sidecar"
git add "$sidecar"
expect fail conform-test "$sidecar"
echo "pre-commit hooks: all checks passed"
