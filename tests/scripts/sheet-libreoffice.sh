#!/usr/bin/env bash
# sheet-libreoffice.sh BUILD_DIR SRC_DIR - the example register saved by
# LibreOffice as .xlsx and as .xls reads as its CSV copy does.
#
# LibreOffice (headless, Debian package libreoffice-calc-nogui) stands in for
# Excel and WPS: examples/register.csv is imported (UTF-8, filter option 76),
# which makes real date cells of its YYYY-MM-DD dates and numbers of 序号, and
# saved as .xlsx and .xls. Then, for each:
# - the .xlsx has date cells (a cell whose style's number format is a date);
# - hz-validate finds exactly what it finds in the CSV (record, id, field,
#   rule, severity), each on the sheet row where the record stands: the CSV
#   finding's physical line, counted as rows (cells hold line breaks), which
#   is also the "row" of both findings;
# - hz-fmt gives the CSV's records, cell for cell (JSON Lines);
# - read from stdin (no extension: the zip or OLE2 signature decides) the same;
# - examples/register.xlsx, made the same way, gives the same findings too.
set -u
build=${1:?usage: sheet-libreoffice.sh BUILD_DIR SRC_DIR}
src=${2:?usage: sheet-libreoffice.sh BUILD_DIR SRC_DIR}

. "$(dirname "$0")/lib/office.bash"
office_setup sheet-libreoffice python3

cp "$src/examples/register.csv" "$work/register.csv"
for to in xlsx xls; do
	"$office" --headless "-env:UserInstallation=file://$work/profile" --infilter="CSV:44,34,76,1" \
		--convert-to "$to" --outdir "$work" "$work/register.csv" >"$work/office.log" 2>&1 ||
		{ fail "$office could not convert to $to:"; cat "$work/office.log"; }
done
[ -s "$work/register.xlsx" ] && [ -s "$work/register.xls" ] || { fail "no workbook written"; exit 1; }

# date cells: a number <c> (no t=, or t="n") whose style's numFmtId is a date format
python3 - "$work/register.xlsx" <<'EOF' || fail "register.xlsx has no date cell: the test would prove nothing"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
styles = z.read("xl/styles.xml").decode()
custom = {int(i) for i, code in re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles)
          if re.search(r"[yd]", re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code))}
xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
ids = [int(i) for i in re.findall(r'<xf numFmtId="(\d+)"', xfs)]
dated = {n for n, i in enumerate(ids) if 14 <= i <= 22 or i in custom}
sheet = z.read("xl/worksheets/sheet1.xml").decode()
cells = [c for c in re.findall(r"<c ([^>]*)>", sheet) if ("t=" not in c or 't="n"' in c) and
         int((re.search(r's="(\d+)"', c) or re.match("()", "")).group(1) or -1) in dated]
print("sheet-libreoffice: %d date cells in register.xlsx" % len(cells))
sys.exit(0 if cells else 1)
EOF

validate() {
	"$build/hz-validate" --today 2023-07-31 --diagnostics json "$@" 2>&1 >/dev/null
}
validate "$work/register.csv" >"$work/csv.json"
# examples/register.xlsx, made the same way, must stay the CSV's twin
validate "$src/examples/register.xlsx" >"$work/example.json"
for f in register.xlsx register.xls; do
	validate "$work/$f" >"$work/$f.json"
	validate -i "${f#*.}" - <"$work/$f" >"$work/$f.stdin.json"
	python3 - "$work/register.csv" "$work/csv.json" "$work/$f.json" "$work/$f.stdin.json" "$work/example.json" <<'EOF' ||
import csv, json, sys
# the sheet row of each physical line where a CSV row starts
row_of, row, line = {}, 0, 1
with open(sys.argv[1], newline="", encoding="utf-8-sig") as fh:
    rd = csv.reader(fh)
    for _ in rd:
        row += 1
        row_of[line] = row
        line = rd.line_num + 1
def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.startswith("{")]
want = load(sys.argv[2])
if not want:
    sys.exit("the CSV gives no finding: nothing to compare")
key = lambda d: (d.get("record"), d.get("id"), d.get("field"), d["rule"], d["severity"])
for path in sys.argv[3:]:
    got = load(path)
    if [key(d) for d in got] != [key(d) for d in want]:
        sys.exit("%s: findings differ:\n%s\nwant\n%s" % (path, [key(d) for d in got], [key(d) for d in want]))
    for g, w in zip(got, want):
        if g["line"] != row_of.get(w["line"]) or g.get("row") != g["line"] or w.get("row") != g["line"]:
            sys.exit("%s: %s on line %s (row %s), want sheet row %s (the CSV's row %s)" % (path, g["rule"],
                     g["line"], g.get("row"), row_of.get(w["line"]), w.get("row")))
print("sheet-libreoffice: %d findings, the CSV's, on their sheet rows" % len(want))
EOF
		fail "$f: findings are not the CSV's"
	"$build/hz-fmt" -q -o jsonl "$work/register.csv" >"$work/csv.jsonl"
	"$build/hz-fmt" -q -o jsonl "$work/$f" >"$work/$f.jsonl"
	[ -s "$work/csv.jsonl" ] || fail "hz-fmt read no record of register.csv"
	cmp -s "$work/csv.jsonl" "$work/$f.jsonl" ||
		{ fail "hz-fmt $f: records differ from the CSV's"; diff "$work/csv.jsonl" "$work/$f.jsonl" | head -5; }
	"$build/hz-fmt" -q -o jsonl - <"$work/$f" >"$work/$f.stdin.jsonl"
	cmp -s "$work/csv.jsonl" "$work/$f.stdin.jsonl" || fail "hz-fmt $f from stdin: records differ"
done
[ $status = 0 ] && echo "sheet-libreoffice: register.xlsx and register.xls read as register.csv"
exit $status
