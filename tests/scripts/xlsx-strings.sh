#!/usr/bin/env bash
# xlsx-strings.sh BUILD_DIR SRC_DIR - an .xlsx whose shared-string table
# is far larger than what the reader holds in memory (issue 25): it goes to
# a mapped temporary file, the records read the same as the CSV they were
# made from, peak memory stays under 16 MB (without a sanitizer, where
# /usr/bin/time is), and a temporary folder that cannot be written is an
# io error (exit 2), not a crash. The workbook is written by python3's
# zipfile, the way Excel stores text: every cell a shared string.
set -u
build=$(cd "$1" && pwd)
[ -x "$build/hz-fmt" ] || { echo "no hz-fmt in $build"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
export LC_ALL=C.UTF-8 TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# 60,000 records of 9 text cells, most of them unique: about 24 MB of
# shared strings; the same records as CSV.
python3 - "$work" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
work = sys.argv[1]
head = ["序号", "专题领域", "重大隐患", "涉及层面", "整改措施", "检查日期", "计划整改时限", "责任单位", "整改阶段"]
rows = [head]
for i in range(1, 60001):
    rows.append([str(i), "消防", "安全出口锁闭，疏散通道堆放杂物，应急照明损坏，灭火器过期未检（第%d处）" % i, "市",
                 "清理杂物，恢复疏散通道畅通，张贴警示标识，更换应急照明和灭火器，落实每日巡查制度并建立台账 %d" % i, "2023-05-03", "2023-06-01",
                 "柳州市城中区公园街道某某商贸有限公司（五星步行街）第%d分店" % i, "整改中"])
strings, index, sheet = [], {}, []
for r, row in enumerate(rows, 1):
    cells = []
    for c, v in enumerate(row):
        if v not in index:
            index[v] = len(strings)
            strings.append(v)
        cells.append('<c r="%s%d" t="s"><v>%d</v></c>' % (chr(65 + c), r, index[v]))
    sheet.append('<row r="%d">%s</row>' % (r, "".join(cells)))
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(work + "/big.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>')
    z.writestr("_rels/.rels",
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel)
    z.writestr("xl/workbook.xml",
        '<?xml version="1.0" encoding="UTF-8"?><workbook %s xmlns:r="%s"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, rel))
    z.writestr("xl/_rels/workbook.xml.rels",
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (rel, rel))
    z.writestr("xl/sharedStrings.xml",
        '<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">%s</sst>'
        % (ns, len(strings), len(strings), "".join("<si><t>%s</t></si>" % escape(s) for s in strings)))
    z.writestr("xl/worksheets/sheet1.xml",
        '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s</sheetData></worksheet>'
        % (ns, "".join(sheet)))
with open(work + "/big.csv", "w", encoding="utf-8") as f:
    for row in rows:
        f.write(",".join(row) + "\n")
PY
[ -s "$work/big.xlsx" ] || { echo "FAIL: python3 wrote no workbook"; exit 1; }
size=$(unzip -l "$work/big.xlsx" 2>/dev/null | awk '/sharedStrings/ { print $1 }')
[ -z "$size" ] || [ "$size" -gt $((20 << 20)) ] || fail "shared strings of only $size bytes"

"$build/hz-fmt" -o jsonl "$work/big.csv" >"$work/csv.jsonl" 2>"$work/csv.err"
"$build/hz-fmt" -o jsonl "$work/big.xlsx" >"$work/xlsx.jsonl" 2>"$work/xlsx.err"
status=$?
[ $status -eq 0 ] || { fail "hz-fmt on the workbook: exit $status"; cat "$work/xlsx.err"; }
[ "$(wc -l <"$work/xlsx.jsonl")" -eq 60000 ] || fail "not 60000 records from the workbook"
cmp -s "$work/csv.jsonl" "$work/xlsx.jsonl" || fail "the workbook's records differ from the CSV's"

sanitized=$(grep -E '^HZ_(SANITIZE|TSAN):BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null)
if [ -x /usr/bin/time ] && [ -z "$sanitized" ]; then
	/usr/bin/time -f %M -o "$work/mem" "$build/hz-fmt" -o jsonl "$work/big.xlsx" >/dev/null 2>&1
	kb=$(tail -1 "$work/mem")
	[ "$kb" -lt $((16 * 1024)) ] || fail "peak memory $kb KB on 24 MB of shared strings (want < 16 MB)"
else
	echo "xlsx-strings: peak memory not checked (no /usr/bin/time, or a sanitizer build)"
fi

# no temporary file to be had: an io finding and exit 2
TMPDIR=$work/none "$build/hz-fmt" -o jsonl "$work/big.xlsx" >/dev/null 2>"$work/err"
status=$?
[ $status -eq 2 ] || fail "TMPDIR missing: exit $status (want 2)"
grep -q 'shared strings in a temporary file' "$work/err" || fail "TMPDIR missing: no finding says why"

[ $fails -eq 0 ] || exit 1
echo "xlsx-strings: ok"
