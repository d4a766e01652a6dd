#!/usr/bin/env bash
# Runs clang-tidy 14 with .clang-tidy (findings are errors) and fails on any
# finding. Usage: clang_tidy_check.sh <source dir> <build dir> [--all | --changed | FILE...]
#   --all      every source file of the build's compile database (`./dev lint`)
#   --changed  the files changed since the base below, committed or not
#              (the ctest test `clang_tidy`, part of `./dev test`)
#   FILE...    these files
# The base of --changed is IMEDIC_LINT_BASE when set, else the merge base with
# main (origin/main, or a local main) when HEAD is not on main itself, else the
# last tag, else HEAD's parent. With none of these (a shallow clone of one
# commit, no git) it checks nothing and says so. A changed header is checked
# through its own .cpp, or else through one file that includes it.
# IMEDIC_LINT_JOBS sets how many files run at once (default: the cores).
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
mode=${3:---all}
cd "$src"

tool=$(command -v clang-tidy-14 || true)
if [ -z "$tool" ]; then
  echo "clang_tidy_check: clang-tidy-14 is missing: ./dev setup installs it (package clang-tidy)" >&2
  exit 1
fi
if [ ! -f "$build/compile_commands.json" ]; then
  echo "clang_tidy_check: $build/compile_commands.json is missing: configure the build first" >&2
  exit 1
fi

# Tidy reads a copy of the compile database: without GCC's -fcoroutines, which
# clang rejects, and with one entry per file (tests/support/test_main.cpp is
# compiled into every integration suite, and clang-tidy would check it once
# for each).
db="$build/tidy"
mkdir -p "$db"
# Also lists the project's own translation units (generated files left out).
python3 - "$build/compile_commands.json" "$db" "$src" <<'PY'
import json, os, sys
source, db, src = sys.argv[1], sys.argv[2], sys.argv[3]
seen, out = set(), []
for entry in json.load(open(source)):
    if entry["file"] in seen:
        continue
    seen.add(entry["file"])
    if "command" in entry:
        entry["command"] = entry["command"].replace(" -fcoroutines", "")
    else:
        entry["arguments"] = [a for a in entry["arguments"] if a != "-fcoroutines"]
    out.append(entry)
json.dump(out, open(os.path.join(db, "compile_commands.json"), "w"), indent=1)
units = sorted(os.path.relpath(f, src) for f in seen
               if f.startswith(src + "/") and not f.startswith(src + "/build/"))
open(os.path.join(db, "units.txt"), "w").write("".join(u + "\n" for u in units))
PY

units=$(cat "$db/units.txt")

# Changed files → translation units to check.
units_for() {
  local f
  for f in "$@"; do
    case "$f" in
      *.cpp) if grep -qxF "$f" <<<"$units"; then echo "$f"; fi ;;
      *.hpp)
        local own=${f%.hpp}.cpp inc=${f#src/}
        inc=${inc#tests/}
        if grep -qxF "$own" <<<"$units"; then
          echo "$own"
        else
          # shellcheck disable=SC2046  # unit names have no spaces
          grep -lF "\"$inc\"" $(tr '\n' ' ' <<<"$units") 2>/dev/null | head -n 1 || true
        fi
        ;;
    esac
  done | sort -u
}

# Prints the base commit of --changed and why, or nothing.
find_base() {
  if [ -n "${IMEDIC_LINT_BASE:-}" ]; then
    echo "$IMEDIC_LINT_BASE IMEDIC_LINT_BASE"
    return
  fi
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  local head main mb tag
  head=$(git rev-parse HEAD 2>/dev/null) || return 0
  for main in origin/main main; do
    if git rev-parse -q --verify "$main^{commit}" >/dev/null; then
      mb=$(git merge-base HEAD "$main" 2>/dev/null || true)
      if [ -n "$mb" ] && [ "$mb" != "$head" ]; then
        echo "$mb the merge base with $main"
        return
      fi
      break
    fi
  done
  if tag=$(git describe --tags --abbrev=0 2>/dev/null); then
    echo "$tag the last tag"
    return
  fi
  if git rev-parse -q --verify 'HEAD^{commit}' >/dev/null &&
    git rev-parse -q --verify 'HEAD^' >/dev/null; then
    echo "HEAD^ HEAD's parent"
  fi
}

case "$mode" in
  --all) targets=$units ;;
  --changed)
    read -r base why <<<"$(find_base)" || true
    if [ -z "${base:-}" ]; then
      echo "clang_tidy_check: no base to compare with (no main, tag or parent commit);" \
        "nothing checked. ./dev lint checks every file."
      exit 0
    fi
    changed=$({
      git diff --name-only --diff-filter=d "$base" -- '*.cpp' '*.hpp'
      git ls-files --others --exclude-standard -- '*.cpp' '*.hpp'
    } | sort -u)
    # shellcheck disable=SC2086  # file names have no spaces
    targets=$(units_for $changed)
    echo "clang_tidy_check: files changed since $why ($(git rev-parse --short "$base")):" \
      "$(echo "$changed" | grep -c . || true), translation units to check: $(echo "$targets" | grep -c . || true)"
    ;;
  *)
    targets=$(units_for "${@:3}")
    ;;
esac
if [ -z "$targets" ]; then
  echo "clang_tidy_check: nothing to check"
  exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
jobs=${IMEDIC_LINT_JOBS:-$(nproc)}
start=$(date +%s)
# One clang-tidy per file, $jobs at once; each writes its report to a file
# named after the unit, and an empty .failed marker when it fails.
export tool db out
echo "$targets" | xargs -P "$jobs" -I{} sh -c '
  name=$(echo "$1" | tr / _)
  "$tool" --quiet -p "$db" "$1" >"$out/$name.log" 2>&1 || touch "$out/$name.failed"
' _ {}
failed=$(find "$out" -name '*.failed' | wc -l)
total=$(echo "$targets" | wc -l)
for marker in "$out"/*.failed; do
  [ -e "$marker" ] || continue
  # The findings, without clang-tidy's "N warnings generated." counters.
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "${marker%.failed}.log" || true
done
echo "clang_tidy_check: $total files in $(($(date +%s) - start)) s, $failed with findings"
[ "$failed" -eq 0 ]
