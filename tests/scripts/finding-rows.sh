#!/usr/bin/env bash
# finding-rows.sh BUILD_DIR SRC_DIR - every finding about a record of the
# example register carries its 序号 and the row a spreadsheet shows it in.
#
# LibreOffice (headless) stands in for Excel: the register is converted to
# xlsx, whose sheet names each row's number, and for every finding
# hz-validate gives, the row it names must hold the record's 序号 in
# column A. The register's progress cells hold line breaks, so rows and
# lines part early; a copy with a blank line after the header checks that
# a blank line counts as a row, as it does in a spreadsheet.
set -u
build=${1:?usage: finding-rows.sh BUILD_DIR SRC_DIR}
src=${2:?usage: finding-rows.sh BUILD_DIR SRC_DIR}
validate=$build/hz-validate

. "$(dirname "$0")/lib/office.bash"
office_setup finding-rows unzip

# rows CSV: "ROW VALUE" for each numeric cell in column A, as LibreOffice
# imports the file (UTF-8, comma, quotes)
rows() {
	local base
	base=$(basename "$1" .csv)
	"$office" --headless "-env:UserInstallation=file://$work/profile" --infilter="CSV:44,34,76,1" \
		--convert-to xlsx --outdir "$work/xlsx" "$1" >"$work/office.log" 2>&1 ||
		{ fail "$office could not convert $1:"; cat "$work/office.log"; return; }
	unzip -p "$work/xlsx/$base.xlsx" xl/worksheets/sheet1.xml |
		grep -o '<c r="A[0-9]*"[^>]*t="n"[^>]*><v>[^<]*</v>' |
		sed 's/^<c r="A\([0-9]*\)".*<v>\([^<]*\)<\/v>$/\1 \2/'
}

# check CSV: the findings' rows against the spreadsheet's
check() {
	local csv=$1 name
	name=$(basename "$csv" .csv)
	rows "$csv" >"$work/$name.rows"
	[ -s "$work/$name.rows" ] || { fail "$name: no rows read back from the xlsx"; return; }
	"$validate" --today 2023-07-01 --diagnostics json "$csv" 2>"$work/$name.json" >/dev/null
	"$validate" --today 2023-07-01 "$csv" 2>"$work/$name.txt" >/dev/null
	local records named checked=0 bad=0
	records=$(grep -c '"record":[0-9]' "$work/$name.json")
	[ "$records" -gt 10 ] || fail "$name: only $records findings about records"
	named=$(grep -c '"record":[0-9]*,"row":[0-9]*,"id":"[^"]*"' "$work/$name.json")
	[ "$named" = "$records" ] ||
		fail "$name: $((records - named)) findings about a record without its row or 序号"
	while read -r row id; do
		want=$(awk -v r="$row" '$1 == r { print $2 }' "$work/$name.rows")
		checked=$((checked + 1))
		if [ "$want" != "$id" ]; then
			bad=$((bad + 1))
			fail "$name: a finding names 序号 $id in row $row; the spreadsheet's row $row holds '$want'"
		fi
	done < <(grep -o '"row":[0-9]*,"id":"[^"]*"' "$work/$name.json" |
		sed 's/"row":\([0-9]*\),"id":"\([^"]*\)"/\1 \2/')
	[ "$checked" = "$records" ] || fail "$name: checked $checked of $records findings"
	# the text form ends each of them with (序号 N, row R) before [rule]
	local texts
	texts=$(grep -cE ' \(序号 [^,]+, row [0-9]+\) \[[a-z0-9.-]+\]$' "$work/$name.txt")
	[ "$texts" = "$records" ] || fail "$name: $texts text findings end with (序号 N, row R), want $records"
	echo "finding-rows: $name: $checked findings, rows as the spreadsheet's, $bad wrong"
}

check "$src/examples/register.csv"
# the same with a blank line after the header: every row after it moves down one
awk 'NR == 5 { print "\r" } { print }' "$src/examples/register.csv" >"$work/register-blank.csv"
check "$work/register-blank.csv"
first=$(grep -o '"row":[0-9]*' "$work/register.json" | head -1 | cut -d: -f2)
moved=$(grep -o '"row":[0-9]*' "$work/register-blank.json" | head -1 | cut -d: -f2)
[ "$moved" = "$((first + 1))" ] || fail "a blank line: first finding's row $moved, want $((first + 1))"
exit $status
