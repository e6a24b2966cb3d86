#!/usr/bin/env bash
# xlsx-tally.sh BUILD_DIR SRC_DIR - hz-tally -o xlsx writes the printed 附件1:
# LibreOffice (headless) prints it to ONE A4 page (pdfinfo) that shows the
# codes 3.10 and 4.10 as written (pdftotext), and converted to CSV its
# values are those of hz-tally -o json, item by item. --by reporter --total
# gives one sheet a tally.
set -u
build=${1:?usage: xlsx-tally.sh BUILD_DIR SRC_DIR}
src=${2:?usage: xlsx-tally.sh BUILD_DIR SRC_DIR}
tally=$build/hz-tally
ex=$src/examples

. "$(dirname "$0")/lib/office.bash"
office_setup xlsx-tally pdfinfo
checks=0

ok() {
	checks=$((checks + 1))
}

convert() {
	"$office" --headless "-env:UserInstallation=file://$work/profile" \
		--convert-to "$2" --outdir "$work" "$1" >"$work/office.log" 2>&1 ||
		{ fail "$office could not convert $1:"; cat "$work/office.log"; }
}

inputs=("$ex/register.csv" "$ex/checks.csv" "$ex/activities.csv")
"$tally" -q --month 2023-06 --unit 公园街道 -o xlsx --output "$work/form.xlsx" "${inputs[@]}" ||
	fail "hz-tally -o xlsx failed"
"$tally" -q --month 2023-06 --unit 公园街道 -o json "${inputs[@]}" >"$work/form.json" ||
	fail "hz-tally -o json failed"

convert "$work/form.xlsx" pdf
pages=$(pdfinfo "$work/form.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
if [ "$pages" = 1 ]; then ok; else fail "the printed 附件1 has ${pages:-no} pages, not 1"; fi
pdftotext -layout "$work/form.pdf" "$work/form.txt"
for code in 3.10 4.10 单位名称：公园街道 时间：2023年6月30日; do
	if grep -qF "$code" "$work/form.txt"; then ok; else fail "the page does not show $code"; fi
done

# The values: each item's code cell is followed by its label, its value and
# (3.3, 3.8, 4.5) its value2, shown with their captions (3次, 其中1个);
# 4.6 is 是/否 (true/false in JSON).
convert "$work/form.xlsx" 'csv:Text - txt - csv (StarCalc):44,34,76'
awk -F, '
	function num(v) { if (v != "是" && v != "否") gsub(/[^0-9.]/, "", v); return v }
	function put(code, v, v2) { if (code ~ /^[1-4]\.[0-9]+$/) print code, num(v), num(v2) }
	NF >= 9 { put($2, $4, $5); put($6, $8, $9) }' "$work/form.csv" | sort >"$work/sheet.values"
# the JSON document: {"code":"1.1","value":14} or with ,"value2":2.5
sed 's/},{/}\n{/g' "$work/form.json" | sed -n 's/.*"code":"\([0-9.]*\)","value":\([^,}]*\)\(,"value2":\([^}]*\)\)\{0,1\}}.*/\1 \2 \4/p' |
	sed 's/ true / 是 /; s/ false / 否 /' | sort >"$work/json.values"
if [ "$(wc -l <"$work/json.values")" -eq 34 ] && cmp -s "$work/sheet.values" "$work/json.values"; then
	ok
else
	fail "the sheet's values differ from hz-tally -o json's:"
	diff "$work/json.values" "$work/sheet.values" | head -20
fi

# One sheet a tally with --by reporter --total, 合计 last.
"$tally" -q --month 2023-06 --by reporter --total -o xlsx --output "$work/by.xlsx" "${inputs[@]}" ||
	fail "hz-tally --by reporter -o xlsx failed"
want=$("$tally" -q --month 2023-06 --by reporter --total -o json "${inputs[@]}" | wc -l)
got=$(unzip -p "$work/by.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | wc -l)
last=$(unzip -p "$work/by.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | tail -1)
if [ "$want" -ge 2 ] && [ "$got" -eq "$want" ] && [ "$last" = '<sheet name="合计"' ]; then
	ok
else
	fail "--by reporter --total: $got sheets for $want tallies, last $last"
fi

echo "xlsx-tally: $checks passed, $failed failed"
exit $status
