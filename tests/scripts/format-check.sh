#!/bin/bash
# The tree stays in the house style of .clang-format: every C file of lib/,
# src/, tests/ and bench/ is as clang-format would write it.
set -u
src=$2
command -v clang-format >/dev/null || { echo "format-check: no clang-format (Debian package clang-format)"; exit 77; }
cd "$src" || exit 2
files=$(ls lib/*/*.[ch] lib/include/hz/*.h src/*.c src/common/*.[ch] tests/unit/*.c tests/fuzz/*.[ch] bench/*.c 2>/dev/null)
bad=
for f in $files; do
	clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -n "$bad" ]; then
	echo "format-check: not in the house style (clang-format -i FILE):$bad"
	exit 1
fi
echo "format-check: $(echo $files | wc -w) files in the house style"
