#!/usr/bin/env bash
# hz-month-end end to end on examples/ into a temporary folder: the files
# exist, their numbers equal hz-tally's, a second run without --force
# refuses, a broken input makes it exit non-zero naming file and line.
# usage: bash month-end.sh BUILD_DIR SRC_DIR
set -u
build=$1 src=$2
ex=$src/examples
for t in hz-month-end hz-tally hz-validate; do
	[ -x "$build/$t" ] || { echo "no $t in $build"; exit 77; }
done
for f in register.csv checks.csv activities.csv; do
	[ -f "$ex/$f" ] || { echo "no examples/$f"; exit 77; }
done
export LC_ALL=C.UTF-8 TZ=UTC
unset HZ_TODAY
export PATH=/usr/bin:/bin        # the script must find its tools beside itself
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
inputs=("$ex/register.csv" "$ex/checks.csv" "$ex/activities.csv")
month=2023-06

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# What the run should say about the inputs: hz-validate decides.
"$build/hz-validate" -q "${inputs[@]}" >/dev/null 2>&1
case $? in
0) want=0 ;;
1) want=1 ;;
*) echo "hz-validate cannot read the examples"; exit 1 ;;
esac

# 1. The first run writes the month's folder.
out=$work/reports
"$build/hz-month-end" --month $month --out "$out" "${inputs[@]}" >"$work/stdout" 2>"$work/stderr"
st=$?
[ $st -eq $want ] || fail "first run: exit $st, expected $want: $(tail -3 "$work/stderr")"
[ -s "$work/stdout" ] && fail "first run: wrote on stdout: $(head -3 "$work/stdout")"
dir=$out/$month
[ -d "$dir" ] || { echo "FAIL: no $dir"; exit 1; }
if [ $want -eq 1 ]; then
	# The errors are reported, not hidden: on stderr, with file and line.
	grep -q "register.csv:[0-9]*: error:" "$work/stderr" ||
		fail "first run: the input errors are not on stderr"
	grep -q "register.csv:[0-9]*: error:" "$dir/校验.txt" ||
		fail "first run: the input errors are not in 校验.txt"
fi

# 2. The files: one set per reporter hz-tally knows of, and 合计.
# (the reports' CSVs are for Excel: hz-tally --excel, BOM and CRLF)
"$build/hz-tally" -q --month $month --by reporter --total -o csv --excel "${inputs[@]}" >"$work/by.csv" ||
	fail "hz-tally --by reporter failed"
units=$(tail -n +2 "$work/by.csv" | cut -d, -f1 | tr -d '\r' | sort -u)
[ -n "$units" ] || fail "hz-tally found no reporter"
printf '%s\n' "$units" | grep -qx '合计' || fail "hz-tally wrote no 合计"
[ "$(printf '%s\n' "$units" | wc -l)" -ge 3 ] || fail "expected two reporters and 合计: $units"
for u in $units; do
	for ext in csv txt json xlsx; do
		[ -s "$dir/$u.$ext" ] || fail "missing $dir/$u.$ext"
	done
	# 3. Each report's numbers are hz-tally's own.
	{ head -n 1 "$work/by.csv"; grep "^$u," "$work/by.csv"; } >"$work/want.csv"
	cmp -s "$work/want.csv" "$dir/$u.csv" ||
		fail "$u.csv differs from hz-tally: $(diff "$work/want.csv" "$dir/$u.csv" | head -5)"
	grep -q "$u" "$dir/$u.txt" || fail "$u.txt does not name its unit"
	# as many rows as the item table has items (an empty tally has them all)
	items=$("$build/hz-tally" -q --as-of 2023-06-30 -o csv </dev/null | tail -n +2 | wc -l)
	[ "$items" -ge 34 ] && [ "$(wc -l <"$dir/$u.csv")" -eq $((items + 1)) ] ||
		fail "$u.csv: not $items items and a header"
done
[ -f "$dir/校验.txt" ] || fail "no 校验.txt"

# The 合计 equals a tally of all the records for every item that adds up
# (hz-tally(1): all but the distinct-enterprise items and 4.6, 4.7).
additive() {
	tail -n +2 "$1" | tr -d '\r' | cut -d, -f3,7,8 | grep -v -E '^(2\.[0-9]+|3\.6|3\.7|4\.6|4\.7),'
}
"$build/hz-tally" -q --month $month -o csv "${inputs[@]}" >"$work/all.csv" || fail "hz-tally failed"
diff <(additive "$work/all.csv") <(additive "$dir/合计.csv") >"$work/diff" ||
	fail "合计 differs from a tally of all the records: $(cat "$work/diff")"
[ "$(additive "$dir/合计.csv" | wc -l)" -ge 20 ] || fail "too few additive items compared"

# 4. A second run without --force refuses and leaves the report alone.
echo keep >"$dir/marker"
"$build/hz-month-end" --month $month --out "$out" "${inputs[@]}" >/dev/null 2>"$work/stderr"
st=$?
[ $st -ne 0 ] || fail "second run without --force: exit 0"
grep -q -- '--force' "$work/stderr" || fail "second run: no word of --force: $(cat "$work/stderr")"
[ -f "$dir/marker" ] || fail "second run without --force touched the report"
# With --force it is replaced whole.
"$build/hz-month-end" -q --month $month --out "$out" --force "${inputs[@]}" >/dev/null 2>&1
st=$?
[ $st -eq $want ] || fail "run with --force: exit $st, expected $want"
[ -f "$dir/marker" ] && fail "run with --force kept the old folder's files"
[ -s "$dir/合计.csv" ] || fail "run with --force: no 合计.csv"
[ "$(ls -A "$out")" = "$month" ] || fail "left-overs in $out: $(ls -A "$out" | tr '\n' ' ')"

# 5. A broken input: exit non-zero, naming the file and the line.
cp "${inputs[@]}" "$work/"
# A row with an impossible check_date, right after the header (the
# register may end in a footer, after which rows are not records).
header=$(grep -n -m 1 '^序号,' "$ex/register.csv" | cut -d: -f1)
[ -n "$header" ] || { echo "FAIL: no header line in examples/register.csv"; exit 1; }
line=$((header + 1))
eol=$(head -n 1 "$ex/register.csv" | tr -d -c '\r')
awk -v at="$header" -v row="999,消防,测试隐患,县区,整改,2023-06-31,2023-07-10,测试单位,未整改$eol" \
	'{ print } NR == at { print row }' "$ex/register.csv" >"$work/register.csv"
"$build/hz-month-end" --month $month --out "$work/broken" \
	"$work/register.csv" "$work/checks.csv" "$work/activities.csv" >/dev/null 2>"$work/stderr"
st=$?
[ $st -ne 0 ] || fail "broken input: exit 0"
grep -q "register.csv:$line:" "$work/stderr" ||
	fail "broken input: line $line of register.csv not named: $(cat "$work/stderr")"
# An input that cannot be read: exit 2 and nothing written.
"$build/hz-month-end" --month $month --out "$work/missing" "$work/register.csv" "$work/nosuch.csv" \
	>/dev/null 2>"$work/stderr"
st=$?
[ $st -eq 2 ] || fail "unreadable input: exit $st, expected 2"
grep -q "nosuch.csv" "$work/stderr" || fail "unreadable input: not named"
[ -e "$work/missing/$month" ] && fail "unreadable input: a report was written"
[ -z "$(ls -A "$work/missing" 2>/dev/null)" ] || fail "unreadable input: left-overs"

# 6. The default month is the one before today (--today or HZ_TODAY).
"$build/hz-month-end" -q --today 2023-07-01 --out "$work/default" "${inputs[@]}" >/dev/null 2>&1
[ -d "$work/default/2023-06" ] || fail "--today 2023-07-01 did not report 2023-06"
HZ_TODAY=2024-01-15 "$build/hz-month-end" -q --out "$work/default" "${inputs[@]}" >/dev/null 2>&1
[ -d "$work/default/2023-12" ] || fail "HZ_TODAY=2024-01-15 did not report 2023-12"
grep -q '合计,2023-12-31,' "$work/default/2023-12/合计.csv" || fail "2023-12 is not as of 2023-12-31"

# 7. Usage.
"$build/hz-month-end" --help | grep -q -- '--force' || fail "--help does not list --force"
"$build/hz-month-end" --month 2023-13 "${inputs[@]}" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--month 2023-13: not exit 2"
"$build/hz-month-end" --month $month --out "$work/x" >/dev/null 2>&1
[ $? -eq 2 ] || fail "no input files: not exit 2"

[ $fails -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "month-end.sh: all passed"
