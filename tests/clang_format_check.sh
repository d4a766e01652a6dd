#!/bin/sh
# Fails when a C++ file of the repository is not formatted as .clang-format
# says, and names the files and lines. The ctest test `clang_format` and
# `./dev lint` run it. Usage: clang_format_check.sh <source dir>
# Fix a file with: clang-format -i <file>
set -eu
cd "$1"
# The configuration is written for clang-format 14 (Debian 12); other
# versions place a few tokens differently, so use 14 when it is there.
tool=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$tool" ]; then
  echo "clang_format_check: clang-format is missing: ./dev setup installs it" >&2
  exit 1
fi
# Tracked files in a checkout; without git (a source archive), the source folders.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files -- '*.cpp' '*.hpp')
else
  files=$(find src tests bench -name '*.cpp' -o -name '*.hpp')
fi
# shellcheck disable=SC2086  # file names have no spaces (snake_case.cpp)
if ! "$tool" --dry-run --Werror $files; then
  echo "clang_format_check: the files above are not formatted; run clang-format -i on them" >&2
  exit 1
fi
echo "clang_format_check: $(echo "$files" | wc -l) files formatted as .clang-format says"
