#!/usr/bin/env bash
# excel-libreoffice.sh BUILD_DIR SRC_DIR - what hz-fmt --excel writes opens in
# a spreadsheet with the same text in every cell and no formula anywhere.
#
# LibreOffice (headless, Debian package libreoffice-calc-nogui) stands in
# for Excel: each --excel file is converted to xlsx and back to CSV, and
# the records read back must be those of the --excel file, cell for cell.
# The CSV import is told the file is UTF-8 (filter option 76: headless
# LibreOffice does not look at the BOM) and evaluates formulas, as a
# user's would; the export writes formulas as formulas, so a cell that
# became one would come back without its guard and differ. A control run
# without --excel shows that this import does make formulas of such cells,
# so the check can fail. Line ends inside a cell count as one (LibreOffice
# stores a CR as LF).
set -u
build=${1:?usage: excel-libreoffice.sh BUILD_DIR SRC_DIR}
src=${2:?usage: excel-libreoffice.sh BUILD_DIR SRC_DIR}
fmt=$build/hz-fmt

. "$(dirname "$0")/lib/office.bash"
office_setup excel-libreoffice

# convert FILE FILTER OUTDIR [INFILTER]: one LibreOffice conversion
convert() {
	local in=$1 to=$2 outdir=$3
	shift 3
	"$office" --headless "-env:UserInstallation=file://$work/profile" "$@" \
		--convert-to "$to" --outdir "$outdir" "$in" >"$work/office.log" 2>&1 ||
		{ fail "$office could not convert $in:"; cat "$work/office.log"; }
}

to_xlsx() {
	convert "$1" xlsx "$work/xlsx" --infilter="CSV:44,34,76,1"
}

# back_to_csv XLSX FORMULAS(true|false): the sheet as UTF-8 CSV
back_to_csv() {
	convert "$1" "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,$2" "$work/back"
}

# records FILE: canonical JSON Lines, line ends inside cells as \n
records() {
	"$fmt" -q -o jsonl "$1" | sed 's/\\r\\n/\\n/g; s/\\r/\\n/g'
}

# formulas XLSX: number of formula cells in the first sheet, or "?"
formulas() {
	local xml
	if command -v unzip >/dev/null 2>&1; then
		xml=$(unzip -p "$1" xl/worksheets/sheet1.xml) || { echo "?"; return; }
	elif command -v python3 >/dev/null 2>&1; then
		xml=$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode())' "$1") ||
			{ echo "?"; return; }
	else
		echo "?"
		return
	fi
	grep -o '<f[ >]' <<<"$xml" | wc -l
}

# The inputs: the example register, every formula trigger, and negative
# numbers in numeric columns (left unguarded) and text columns (guarded).
cp "$src/examples/register.csv" "$work/register.csv"
cp "$src/tests/cli/hz-fmt/excel-guard/in.jsonl" "$work/triggers.jsonl"
cp "$src/tests/cli/hz-fmt/excel-register/reg.csv" "$work/hostile.csv"
cp "$src/tests/cli/hz-fmt/excel-guard-numeric/in.jsonl" "$work/numeric.jsonl"
mkdir -p "$work/excel"
for in in register.csv triggers.jsonl hostile.csv numeric.jsonl; do
	name=${in%.*}
	out=$work/excel/$name.csv
	"$fmt" -q --excel "$work/$in" >"$out" || fail "hz-fmt --excel $in: exit $?"
	to_xlsx "$out"
	xlsx=$work/xlsx/$name.xlsx
	[ -f "$xlsx" ] || { fail "$name: no xlsx made"; continue; }
	n=$(formulas "$xlsx")
	case $n in
	0) ;;
	"?") echo "excel-libreoffice: $name: cannot open the xlsx (no unzip or python3); formulas checked through the CSV only" ;;
	*) fail "$name: $n cells became formulas" ;;
	esac
	back_to_csv "$xlsx" true
	records "$out" >"$work/want"
	records "$work/back/$name.csv" >"$work/got"
	if ! diff -u "$work/want" "$work/got" >"$work/diff"; then
		fail "$name: cells differ after xlsx and back:"
		cat "$work/diff"
	fi
	[ -s "$work/want" ] || fail "$name: no records"
done

# Control: the same triggers without --excel do become formulas.
mkdir -p "$work/plain"
"$fmt" -q -o csv "$work/triggers.jsonl" >"$work/plain/control.csv"
to_xlsx "$work/plain/control.csv"
back_to_csv "$work/xlsx/control.xlsx" false
if ! grep -q '^2,equals$' "$work/back/control.csv"; then
	fail "control: an unguarded =1+1 did not run as a formula, so the check proves nothing:"
	head -3 "$work/back/control.csv"
fi

[ $status -eq 0 ] && echo "excel-libreoffice: every cell kept its text through xlsx, no formula"
exit $status
