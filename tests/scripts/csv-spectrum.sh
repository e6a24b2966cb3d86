#!/usr/bin/env bash
# csv-spectrum.sh BUILD_DIR SRC_DIR - hz-fmt reads the public CSV edge-case
# corpus csv-spectrum (../shared/testdata/csv-spectrum beside the source
# tree, read in place, never copied) as its json/ expectations say, except
# where its EXPECTED.md says an expectation is wrong:
#   location_coordinates.csv  a bare quote inside an unquoted cell: strict
#                             parsing rejects the record, with its line
#   latin1.csv                not UTF-8: an encoding error naming the line;
#                             right with -E latin1
#   null.csv                  a literal NULL is text (the PR's json maps it
#                             to "", a policy, not CSV)
#   newlines_as_ctrl_chars    not CSV at all: must not be accepted silently
# Expected records come from jq when it is installed, else from hz-fmt
# reading the expectation file as JSON (another reader than the CSV one).
set -u
build=${1:?usage: csv-spectrum.sh BUILD_DIR SRC_DIR}
src=${2:?usage: csv-spectrum.sh BUILD_DIR SRC_DIR}
corpus=$src/../shared/testdata/csv-spectrum
fmt=$build/hz-fmt

if [ ! -d "$corpus/csvs" ]; then
	echo "csv-spectrum: corpus not found at $corpus; skipped"
	exit 77
fi
if [ ! -x "$fmt" ]; then
	echo "csv-spectrum: $fmt not built"
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
checked=0

fail() {
	echo "csv-spectrum: FAIL $1"
	status=1
}

# expected NAME.json: one compact object a line
expected() {
	if command -v jq >/dev/null 2>&1; then
		jq -c '.[]' "$1"
	else
		"$fmt" -q -o jsonl "$1"
	fi
}

# run FILE ARGS...: hz-fmt -o jsonl into $work/out, $work/err, $rc
run() {
	local file=$1
	shift
	"$fmt" -o jsonl -q "$@" "$file" >"$work/out" 2>"$work/err"
	rc=$?
	if grep -q Sanitizer "$work/err" || grep -q 'runtime error' "$work/err"; then
		fail "$file: sanitizer report:"
		cat "$work/err"
	fi
}

# same_as FILE EXPECTED_JSONL_FILE
same_as() {
	if ! diff -u "$2" "$work/out" >"$work/diff"; then
		fail "${1##*/}: records differ from the expectation:"
		cat "$work/diff"
	fi
}

for csv in "$corpus"/csvs/*.csv "$corpus"/extra_from_prs/csvs/newlines_cr.csv; do
	name=${csv##*/}
	name=${name%.csv}
	[ "$name" = location_coordinates ] && continue
	json=${csv%/csvs/*}/json/$name.json
	run "$csv"
	[ $rc -eq 0 ] || fail "$name: exit $rc, expected 0"
	[ -s "$work/err" ] && { fail "$name: stderr not empty:"; cat "$work/err"; }
	expected "$json" >"$work/want"
	same_as "$csv" "$work/want"
	checked=$((checked + 1))
done

# location_coordinates: rejected at line 2 (where the record starts).
run "$corpus/csvs/location_coordinates.csv"
[ $rc -eq 1 ] || fail "location_coordinates: exit $rc, expected 1"
grep -q "location_coordinates.csv:2: error: .*\[csv-syntax\]" "$work/err" ||
	{ fail "location_coordinates: no csv-syntax error at line 2:"; cat "$work/err"; }
[ -s "$work/out" ] && { fail "location_coordinates: the bad record was written:"; cat "$work/out"; }
checked=$((checked + 1))

# null.csv: a literal NULL is text.
run "$corpus/extra_from_prs/csvs/null.csv"
printf '%s\n' '{"a":"1","b":"","c":"2"}' '{"a":"3","b":"NULL","c":"4"}' \
	'{"a":"5","b":"NULL","c":"6"}' >"$work/want"
[ $rc -eq 0 ] || fail "null: exit $rc, expected 0"
same_as null.csv "$work/want"
checked=$((checked + 1))

# latin1.csv: invalid UTF-8 is an error naming line 3; -E latin1 reads it.
run "$corpus/extra_from_prs/csvs/latin1.csv"
[ $rc -eq 1 ] || fail "latin1: exit $rc, expected 1"
grep -q "latin1.csv:3: error: .*\[encoding\]" "$work/err" ||
	{ fail "latin1: no encoding error at line 3:"; cat "$work/err"; }
run "$corpus/extra_from_prs/csvs/latin1.csv" -E latin1
[ $rc -eq 0 ] || fail "latin1 -E latin1: exit $rc, expected 0"
expected "$corpus/extra_from_prs/json/latin1.json" >"$work/want"
same_as latin1.csv "$work/want"
checked=$((checked + 1))

# newlines_as_ctrl_chars: another dialect; an error, not silence.
run "$corpus/extra_from_prs/csvs/newlines_as_ctrl_chars" -i csv
[ $rc -ne 0 ] || fail "newlines_as_ctrl_chars: accepted without an error"
grep -q "error: .*\[csv-syntax\]" "$work/err" ||
	{ fail "newlines_as_ctrl_chars: no csv-syntax error:"; cat "$work/err"; }
checked=$((checked + 1))

# Round trip: CSV -> JSON Lines -> CSV -> JSON Lines gives the same records.
for csv in "$corpus"/csvs/*.csv; do
	name=${csv##*/}
	[ "$name" = location_coordinates.csv ] && continue
	"$fmt" -q -o jsonl "$csv" >"$work/a.jsonl" &&
	"$fmt" -q -o csv "$work/a.jsonl" >"$work/b.csv" &&
	"$fmt" -q -o jsonl "$work/b.csv" >"$work/c.jsonl" ||
		fail "$name: round trip failed"
	cmp -s "$work/a.jsonl" "$work/c.jsonl" ||
		{ fail "$name: CSV -> JSON Lines -> CSV changed the records:"; diff "$work/a.jsonl" "$work/c.jsonl"; }
done

[ $status -eq 0 ] && echo "csv-spectrum: $checked files as expected, round trips intact"
exit $status
