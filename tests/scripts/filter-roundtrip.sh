#!/usr/bin/env bash
# filter-roundtrip.sh BUILD_DIR SRC_DIR - hz-validate --filter output read
# back by hz-validate --filter gives the same records, cell for cell: CSV to
# CSV on examples/register.csv (the form with its title rows, BOM, CRLF and
# multi-line cells), and JSON Lines to JSON Lines on the same register made
# JSON by hz-fmt -o jsonl. Also: the records passed are the input's own
# cells (an ordered subset of what hz-fmt reads), passed + rejected = all,
# and the CSV and JSON runs pass the same ids.
set -u
build=$(cd "${1:?usage: filter-roundtrip.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
src=$(cd "${2:?usage: filter-roundtrip.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
validate=$build/hz-validate
fmt=$build/hz-fmt
register=$src/examples/register.csv
export LC_ALL=C.UTF-8

for tool in "$validate" "$fmt"; do
	if [ ! -x "$tool" ]; then
		echo "filter-roundtrip: $tool not built"
		exit 1
	fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

fail=0
bad() {
	echo "filter-roundtrip: FAIL $1"
	fail=1
}

# records FILE: one CSV record a line (line ends inside quoted cells as \001)
records() {
	awk '{
		rec = (open ? rec "\001" : "") $0
		n += gsub(/"/, "&")
		open = n % 2
		if (!open) { print rec; rec = ""; n = 0 }
	}' "$1"
}

# subsequence SMALL BIG: every line of SMALL is in BIG, in the same order
subsequence() {
	awk 'NR == FNR { a[++n] = $0; next }
	     { while (i < n && a[++i] != $0) ; if (i == 0 || a[i] != $0) { bad = 1; exit } }
	     END { exit bad }' "$2" "$1"
}

# filter NAME IN ARGS...: NAME.out, NAME.rej; status in $status
filter() {
	local name=$1 in=$2
	shift 2
	"$validate" -q --today 2023-07-01 --filter --reject "$name.rej" "$@" "$in" >"$name.out" 2>"$name.err"
	status=$?
	if grep -Eq 'Sanitizer|runtime error:' "$name.err"; then
		bad "$name: sanitizer report"
		head -5 "$name.err"
	fi
}

# ---- CSV -> CSV ----

"$fmt" -q -o csv "$register" >all.csv || bad "hz-fmt -o csv failed"
filter pass1 "$register"
[ $status -eq 1 ] || bad "the example register: exit $status, want 1 (it has errors)"
filter pass2 pass1.out
[ $status -eq 0 ] || bad "--filter output read back: exit $status, want 0"
cmp -s pass1.out pass2.out || { bad "CSV: --filter output read back by --filter differs"; diff pass1.out pass2.out | head; }
[ -s pass2.rej ] && bad "CSV: records rejected on the second pass"

records all.csv >all.rec
records pass1.out >pass1.rec
records pass1.rej >rej1.rec
[ "$(head -n 1 pass1.rec)" = "$(head -n 1 all.rec)" ] || bad "CSV: the header is not the input's"
subsequence <(tail -n +2 pass1.rec) <(tail -n +2 all.rec) ||
	bad "CSV: the records passed are not the input's cells, in order"
n_all=$(($(wc -l <all.rec) - 1))
n_pass=$(($(wc -l <pass1.rec) - 1))
n_rej=$(($(wc -l <rej1.rec) - 1))
[ $n_pass -gt 0 ] && [ $n_rej -gt 0 ] || bad "CSV: $n_pass passed, $n_rej rejected: the test needs both"
[ $((n_pass + n_rej)) -eq "$n_all" ] || bad "CSV: $n_pass passed + $n_rej rejected != $n_all records"
head -n 1 pass1.rej | grep -q ',错误规则,错误说明$' || bad "CSV: the rejects lack 错误规则,错误说明"
# the 填报单位 of the register's title rows is kept, as a column of its own
head -n 1 pass1.rec | grep -q ',填报单位$' || bad "CSV: the register's 填报单位 (title rows) was lost"
[ "$(tail -n +2 pass1.rec | grep -vc ',公园社区$')" -eq 0 ] || bad "CSV: a record without the reporter 公园社区"

# ---- JSON Lines -> JSON Lines ----

"$fmt" -q -o jsonl "$register" >reg.jsonl || bad "hz-fmt -o jsonl failed"
"$fmt" -q -o jsonl reg.jsonl >jall.jsonl || bad "hz-fmt -o jsonl (JSON in) failed"
filter jpass1 reg.jsonl
[ $status -eq 1 ] || bad "the register as JSON Lines: exit $status, want 1"
filter jpass2 jpass1.out
[ $status -eq 0 ] || bad "JSON --filter output read back: exit $status, want 0"
cmp -s jpass1.out jpass2.out || { bad "JSON Lines: --filter output read back by --filter differs"; diff jpass1.out jpass2.out | head -4; }
[ -s jpass2.rej ] && bad "JSON Lines: records rejected on the second pass"
subsequence jpass1.out jall.jsonl || bad "JSON Lines: the records passed are not the input's, in order"
[ $(($(wc -l <jpass1.out) + $(wc -l <jpass1.rej))) -eq "$(wc -l <jall.jsonl)" ] ||
	bad "JSON Lines: passed + rejected != all"
[ "$(grep -c '"errors":\[{"rule":"' jpass1.rej)" -eq "$(wc -l <jpass1.rej)" ] ||
	bad "JSON Lines: a rejected record without its errors"
[ "$(grep -c '"reporter":"公园社区"' jpass1.out)" -eq "$(wc -l <jpass1.out)" ] ||
	bad "JSON Lines: the reporter of the register's title rows was lost"

# the same records pass either way
csv_ids=$(tail -n +2 pass1.rec | cut -d, -f1 | tr '\n' ' ')
json_ids=$(grep -o '^{"type":"hazard","id":[0-9]*' jpass1.out | cut -d: -f3 | tr '\n' ' ')
[ "$csv_ids" = "$json_ids" ] || bad "CSV passes ids '$csv_ids', JSON '$json_ids'"

if [ $fail -ne 0 ]; then
	exit 1
fi
echo "filter-roundtrip: $n_pass records pass, $n_rej rejected; CSV and JSON Lines read back unchanged"
exit 0
