#!/usr/bin/env bash
# month-end-defects.sh BUILD_DIR SRC_DIR - hz-month-end against the audit's
# reproductions (issue 10: F06, F07, F21) and the printed form beside every
# report: each unit gets NAME.xlsx, and CSVs a BOM and the formula guard; no
# reporter's name can overwrite or block another report; a killed run
# leaves nothing that outlives the next; an impossible HZ_TODAY is refused.
set -u
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
ex=$src/examples
for t in hz-month-end hz-tally hz-validate; do
	[ -x "$build/$t" ] || { echo "no $t in $build"; exit 77; }
done
export LC_ALL=C.UTF-8 TZ=UTC
unset HZ_TODAY
export PATH=/usr/bin:/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0 passes=0
month=2023-06

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

check() {       # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then passes=$((passes + 1)); else fail "$what"; fi
}

# register_of NAME: examples/register.csv with 填报单位 NAME (a CSV cell)
register_of() {
	awk -v name="$1" 'NR == 3 {
		gsub(/"/, "\"\"", name)
		sub(/填报单位：公园社区/, "\"填报单位：" name "\"")
	} { print }' "$ex/register.csv"
}

me() {
	"$build/hz-month-end" -q --month $month "$@"
}

# 1. The printed form and BOM'd, guarded CSVs (F07): a 填报单位 that is a
# formula stays text in the CSV.
register_of '=HYPERLINK("http://example.org","x")' >"$work/formula.csv"
me --out "$work/r1" "$work/formula.csv" "$ex/checks.csv" "$ex/activities.csv" 2>"$work/err1"
dir=$work/r1/$month
check "F07: reports written" test -s "$dir/合计.csv"
for f in "$dir"/*.csv; do
	check "BOM on $(basename "$f")" test "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" = efbbbf
	check "a .xlsx beside $(basename "$f")" test -s "${f%.csv}.xlsx"
	check "$(basename "${f%.csv}.xlsx") is a zip" test "$(head -c 2 "${f%.csv}.xlsx")" = PK
done
name='=HYPERLINK("http:__example.org","x")'
check "F07: the formula reporter has its report" test -s "$dir/$name.csv"
check "F07: its 单位名称 cells carry the guard" \
	grep -q "^\"'=HYPERLINK(\"\"http://example.org\"\",\"\"x\"\")\"," "$dir/$name.csv"
check "F07: no unguarded formula" bash -c "! grep -q '^\"=' \"\$1\"" _ "$dir/$name.csv"

# 2. F06 and F21: reporters named 校验 and 合计, two names equal after / -> _,
# a 255-byte name: every report is written, 校验.txt and 合计 are not taken.
long=$(printf '很%.0s' $(seq 85))         # 255 bytes
register_of 校验 >"$work/a.csv"
register_of 合计 >"$work/b.csv"
register_of 'x/y' >"$work/c.csv"
register_of 'x_y' >"$work/d.csv"
register_of "$long" >"$work/e.csv"
me --out "$work/r2" "$work"/[a-e].csv "$ex/checks.csv" 2>"$work/err2"
st=$?
dir=$work/r2/$month
check "F21: the run wrote its reports (status $st)" test $st -le 1 -a -d "$dir"
check "F06: 校验.txt holds hz-validate's findings" grep -q 'hz-validate' "$dir/校验.txt"
check "F06: the reporter 校验 has its own report" test -s "$dir/校验_2.txt"
check "F06: its report is the reporter's" grep -q '单位名称：校验' "$dir/校验_2.txt"
check "F21: 合计 is the total" grep -q '单位名称：合计' "$dir/合计.txt"
check "F21: the reporter 合计 has its own report" test -s "$dir/合计_2.csv"
docs=$("$build/hz-tally" -q --month $month --by reporter --total -o json "$work"/[a-e].csv "$ex/checks.csv" | wc -l)
check "F21: one report a tally ($docs)" test "$(ls "$dir"/*.json | wc -l)" -eq "$docs"
# the total is the merge of all the others
"$build/hz-tally" -q --merge -o json $(ls "$dir"/*.json | grep -v '/合计.json$') >"$work/sum.json"
check "F21: 合计 is the merge of the others" \
	cmp -s <(sed 's/"unit":"[^"]*"//' "$work/sum.json") <(sed 's/"unit":"[^"]*"//' "$dir/合计.json")
check "F21: x/y and x_y both written" test -s "$dir/x_y.csv" -a -s "$dir/x_y_2.csv"
longfile=$(ls "$dir" | grep '^很.*\.json$')
check "F21: the 255-byte name is written, cut" test -n "$longfile"
check "F21: the long name's file fits" test "$(printf '%s' "$longfile" | wc -c)" -le 255
check "F21: renames are named on stderr" grep -q "'合计' is named '合计_2'" "$work/err2"

# 3. F21: --out -x is a folder.
mkdir "$work/cwd"
(cd "$work/cwd" && "$build/hz-month-end" -q --month $month --out -x "$ex/register.csv" >/dev/null 2>&1)
check "F21: --out -x writes ./-x/$month" test -s "$work/cwd/-x/$month/合计.csv"

# 4. F21: what a killed run left is cleaned by the next; a report moved
# aside by a killed --force comes back.
out=$work/r4
mkdir -p "$out/.$month.AbC123/" "$out/.$month.old.XyZ789/$month"
echo old >"$out/.$month.old.XyZ789/$month/合计.csv"
"$build/hz-month-end" -q --month $month --out "$out" "$ex/register.csv" >/dev/null 2>"$work/err4"
st=$?
check "F21: the restored report is not replaced without --force (status $st)" test $st -eq 2
check "F21: the report moved aside is back" grep -qx old "$out/$month/合计.csv"
check "F21: no left-overs" test "$(ls -A "$out")" = $month
me --out "$out" --force "$ex/register.csv" >/dev/null 2>&1
check "F21: --force then replaces it" bash -c "! grep -qx old \"\$1\"" _ "$out/$month/合计.csv"
check "F21: still no left-overs" test "$(ls -A "$out")" = $month

# 5. F21: an impossible day is refused, from HZ_TODAY or --today.
for day in 2023-99-99 2023-02-29 2023-04-31; do
	HZ_TODAY=$day "$build/hz-month-end" -q --out "$work/r5" "$ex/register.csv" >/dev/null 2>"$work/err5"
	st=$?
	check "F21: HZ_TODAY=$day refused (status $st)" test $st -eq 2
	check "F21: HZ_TODAY=$day named" grep -q "HZ_TODAY: '$day'" "$work/err5"
	"$build/hz-month-end" -q --today $day --out "$work/r5" "$ex/register.csv" >/dev/null 2>&1
	check "F21: --today $day refused" test $? -eq 2
done
check "F21: nothing written for an impossible day" test ! -e "$work/r5"
HZ_TODAY=2024-03-01 "$build/hz-month-end" -q --out "$work/r6" "$ex/register.csv" >/dev/null 2>&1
check "a leap day's month: HZ_TODAY=2024-03-01 reports 2024-02" test -s "$work/r6/2024-02/合计.csv"

echo "month-end-defects: $passes passed, $fails failed"
[ $fails -eq 0 ]
