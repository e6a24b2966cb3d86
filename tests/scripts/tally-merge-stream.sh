#!/usr/bin/env bash
# tally-merge-stream.sh BUILD_DIR SRC_DIR - hz-tally --merge holds one tally
# document at a time: 20,000 documents (about 20 MB) on a pipe merge into
# one whose counts are 20,000 times one document's, in under 16 MB of
# memory; an endless stream that is not a document ends at once (exit 2).
# Memory is measured with /usr/bin/time -f %M, and not in sanitizer builds
# (their shadow memory makes the figure meaningless).
set -u
build=$(cd "${1:?usage: tally-merge-stream.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
src=$(cd "$2" && pwd) || exit 1
tally=$build/hz-tally
export LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail=0

doc=$(cat "$src/tests/cli/hz-tally/merge/park.json")
n=20000
measure=(/usr/bin/time -f %M -o mem)
if [ ! -x /usr/bin/time ] || grep -Eq '^HZ_(SANITIZE|TSAN):BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null ||
   grep -Eqa '__(asan|tsan)_init' "$tally"; then
	measure=()
	echo "tally-merge-stream: peak memory not checked (no /usr/bin/time, or a sanitizer build)"
fi
yes "$doc" | head -n $n | "${measure[@]}" "$tally" --merge -o csv --lang en >merged.csv
st=$?
[ $st -eq 0 ] || { echo "exit $st merging $n documents"; fail=1; }
# 1.1 of one document times n: the sum is exact.
one=$(printf '%s\n' "$doc" | "$tally" --merge -o csv --lang en | awk -F, '$3 == "1.1" { print $7 }')
got=$(awk -F, '$3 == "1.1" { print $7 }' merged.csv)
[ "$got" = "$((one * n))" ] || { echo "1.1 is '$got', not $((one * n))"; fail=1; }
if [ ${#measure[@]} -gt 0 ]; then
	kb=$(tail -n 1 mem)
	echo "tally-merge-stream: $n documents, peak memory $kb KB"
	[ "$kb" -lt $((16 * 1024)) ] || { echo "peak memory $kb KB, not under 16 MB"; fail=1; }
fi
# /dev/zero is not a document: refused at once, not read for ever.
timeout 20 "$tally" --merge /dev/zero 2>err
st=$?
[ $st -eq 2 ] || { echo "--merge /dev/zero: exit $st, not 2"; fail=1; }
grep -q 'not a tally document' err || { echo "--merge /dev/zero: no message"; fail=1; }
exit $fail
