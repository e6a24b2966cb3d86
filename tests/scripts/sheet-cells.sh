#!/usr/bin/env bash
# sheet-cells.sh BUILD_DIR SRC_DIR - every kind of .xlsx cell the reader
# meets, in workbooks written here with python3's zipfile (so each cell is
# exactly as the test says):
# merged title cells (their value in the top-left cell, the others absent),
# 填报单位 in rich text (runs, and a phonetic guide that is not text), shared
# and inline strings, 序号 written as 1.0, date cells by built-in format 14
# and by a custom 年月日 format, a date-styled text cell, a boolean, cells
# skipped in a row, a template row with styled empty cells, the 填报说明 footer and a row after it;
# a second sheet by --sheet, an empty sheet, the 1904 date system, a
# workbook saved under .xls, -i xlsx on a file without extension, a sheet
# that is not there; and the workbook saved as .xls by LibreOffice, read by
# sheet name. Checked: hz-fmt's CSV exactly, hz-validate's
# findings on their sheet rows.
set -u
build=$(cd "${1:?usage: sheet-cells.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
if ! command -v python3 >/dev/null 2>&1; then
	echo "sheet-cells: python3 not installed; skipped"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8
status=0
fail() {
	echo "sheet-cells: FAIL $*"
	status=1
}

python3 - "$work" <<'EOF'
import os, sys, zipfile
from xml.sax.saxutils import escape
work = sys.argv[1]

def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

def book(path, sheets, shared, date1904=False):
    """sheets: [(name, rows xml, tail xml)]; shared: list of <si> bodies"""
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ml = "application/vnd.openxmlformats-officedocument.spreadsheetml."
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="%ssheet.main+xml"/>' % ml +
               "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%sworksheet+xml"/>' % (i + 1, ml)
                       for i in range(len(sheets))) +
               '<Override PartName="/xl/styles.xml" ContentType="%sstyles+xml"/>' % ml +
               '<Override PartName="/xl/sharedStrings.xml" ContentType="%ssharedStrings+xml"/></Types>' % ml)
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = '<?xml version="1.0" encoding="UTF-8"?><workbook %s>%s<sheets>' % (ns, '<workbookPr date1904="1"/>' if date1904 else '')
    rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    for i, (name, rows, tail) in enumerate(sheets):
        wb += '<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(name), i + 1, i + 10)
        rels += '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 10, i + 1)
        z.writestr("xl/worksheets/sheet%d.xml" % (i + 1),
                   '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet %s><dimension ref="A1"/><sheetData>%s</sheetData>%s</worksheet>' % (ns, rows, tail))
    rels += '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    rels += '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    z.writestr("xl/workbook.xml", wb + "</sheets></workbook>")
    z.writestr("xl/_rels/workbook.xml.rels", rels + "</Relationships>")
    # styles: 0 General, 1 built-in date 14, 2 custom 年月日 (164), 3 number 0.00
    z.writestr("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8"?><styleSheet %s>'
               '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
               '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
               '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>' % ns)
    z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">%s</sst>'
               % (ns, len(shared), len(shared), "".join("<si>%s</si>" % s for s in shared)))
    z.close()

strings = []
def s(text):
    """a plain shared string; its index"""
    strings.append("<t>%s</t>" % escape(text))
    return len(strings) - 1
def rich(*runs, phonetic=None):
    body = "".join('<r><rPr><b/></rPr><t xml:space="preserve">%s</t></r>' % escape(t) for t in runs)
    if phonetic:
        body += '<rPh sb="0" eb="1"><t>%s</t></rPh>' % escape(phonetic)
    strings.append(body)
    return len(strings) - 1

def cell(c, r, v):
    ref = col(c) + str(r)
    kind, val = v[0], v[1]
    style = ' s="%d"' % v[2] if len(v) > 2 else ""
    if kind == "s":
        return '<c r="%s" t="s"%s><v>%d</v></c>' % (ref, style, val)
    if kind == "n":
        return '<c r="%s"%s><v>%s</v></c>' % (ref, style, val)
    if kind == "i":
        return '<c r="%s" t="inlineStr"%s><is><r><t>%s</t></r><r><t>%s</t></r></is></c>' % (ref, style, escape(val[0]), escape(val[1]))
    if kind == "e":   # styled, no value: empty, as Excel writes bordered blanks
        return '<c r="%s" s="1"%s/>' % (ref, val)
    if kind == "b":
        return '<c r="%s" t="b"><v>%s</v></c>' % (ref, val)
    if kind == "f":   # a formula with its cached string value
        return '<c r="%s" t="str"><f>CONCATENATE("a","b")</f><v>%s</v></c>' % (ref, escape(val))
    raise ValueError(kind)

def row(r, cells):
    return '<row r="%d">%s</row>' % (r, "".join(cell(c, r, v) for c, v in cells))

header = "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,备注".split(",")
rows = [
    row(1, [(0, ("s", s("附件2")))]),
    row(2, [(0, ("s", s("重大事故隐患清单")))]),
    row(3, [(0, ("s", rich("填报单位：", "公园社区", phonetic="gōngyuán")))]),
    row(4, [(i, ("s", s(h))) for i, h in enumerate(header)]),
    # 序号 written as 1.0; dates by format 14 and by the custom 年月日 format
    row(5, [(0, ("n", "1.0")), (1, ("s", s("消防"))), (2, ("i", ("安全出口", "上锁"))),
            (3, ("s", s("县区"))), (4, ("s", s("拆除锁具"))), (5, ("n", "45072", 1)),
            (6, ("n", "45107", 2)), (7, ("s", s("某KTV"))), (8, ("s", s("未整改"))),
            (9, ("s", s("部门检查"))), (10, ("s", s("否"))), (11, ("s", rich("刘", "志强", phonetic="liú"))),
            (12, ("n", "0.50000000000000000", 3)), (13, ("s", s("是"))), (14, ("b", "1"))]),
    # row 6 left out: Excel writes no empty row. Row 7: cells skipped, a bad level,
    # a date-styled text cell (kept as its text), a formula's string
    row(7, [(0, ("n", "2")), (1, ("s", s("燃气"))), (2, ("s", s("软管老化"))), (3, ("s", s("街道"))),
            (4, ("s", s("更换"))), (5, ("s", s("2023/6/1"), 1)), (6, ("n", "45138", 2)), (7, ("f", "某餐馆")),
            (8, ("s", s("未整改"))), (9, ("s", s("自查"))), (10, ("s", s("否"))), (11, ("s", s("王五"))),
            (14, ("b", "0"))]),
    row(8, [(0, ("n", "3")), (5, ("e", "")), (6, ("e", ' t="s"'))]),   # template row, bordered blanks
    row(9, [(0, ("s", s("填报说明：1. 序号按顺序填写")))]),    # footer
    row(10, [(0, ("n", "4")), (1, ("s", s("消防")))]),
]
merged = '<mergeCells count="3"><mergeCell ref="A1:O1"/><mergeCell ref="A2:O2"/><mergeCell ref="A3:O3"/></mergeCells>'
second = [row(2, [(i, ("s", s(h))) for i, h in enumerate(header[:14])]),
          row(3, [(0, ("n", "7")), (1, ("s", s("危化品"))), (2, ("s", s("超量储存"))), (3, ("s", s("市"))),
                  (4, ("s", s("清理"))), (5, ("n", "45200", 1)), (6, ("n", "45230", 1)), (7, ("s", s("某化工"))),
                  (8, ("s", s("已整改"))), (9, ("s", s("部门检查"))), (10, ("s", s("是"))), (11, ("s", s("赵六"))),
                  (12, ("n", "12")), (13, ("s", s("是")))])]
sheets = [("台账", "".join(rows), merged), ("第二页", "".join(second), ""), ("空", "", "")]
book(os.path.join(work, "cells.xlsx"), sheets, strings)
# the same workbook under .xls, and without an extension
book(os.path.join(work, "saved-as.xls"), sheets, strings)
book(os.path.join(work, "noext"), sheets, strings)
# the 1904 date system: serial 43610 is 2023-05-26
strings = []
one = [row(1, [(i, ("s", s(h))) for i, h in enumerate(header[:14])]),
       row(2, [(0, ("n", "1")), (1, ("s", s("消防"))), (2, ("s", s("堆物"))), (3, ("s", s("县区"))),
               (4, ("s", s("清理"))), (5, ("n", "43610", 1)), (6, ("n", "43640", 2)), (7, ("s", s("某店"))),
               (8, ("s", s("未整改"))), (9, ("s", s("自查"))), (10, ("s", s("否"))), (11, ("s", s("张三"))),
               (12, ("n", "0")), (13, ("s", s("否")))])]
book(os.path.join(work, "mac.xlsx"), [("Sheet1", "".join(one), "")], strings, date1904=True)
EOF
[ -s "$work/cells.xlsx" ] || { fail "the workbooks were not written"; exit 1; }
cd "$work" || exit 1

# expect NAME COMMAND...: stdout of COMMAND must be the file NAME.want
expect() {
	local name=$1
	shift
	"$@" >"$name.got" 2>"$name.err"
	echo "$?" >"$name.status"
	if ! cmp -s "$name.want" "$name.got"; then
		fail "$name: $*"
		diff "$name.want" "$name.got" | head -10
		cat "$name.err"
	fi
}
fmt=$build/hz-fmt

cat >first.want <<'EOF'
序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,备注,填报单位
1,消防,安全出口上锁,县区,拆除锁具,2023-05-26,2023-06-30,某KTV,未整改,部门检查,否,刘志强,0.5,是,TRUE,公园社区
2,燃气,软管老化,街道,更换,2023/6/1,2023-07-31,某餐馆,未整改,自查,否,王五,,,FALSE,公园社区
EOF
expect first "$fmt" -q -o csv cells.xlsx
# (填报单位 is the preamble's rich text, its phonetic guide left out)

cat >second.want <<'EOF'
序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案
7,危化品,超量储存,市,清理,2023-10-01,2023-10-31,某化工,已整改,部门检查,是,赵六,12,是
EOF
expect second "$fmt" -q -o csv --sheet 第二页 cells.xlsx
: >empty.want
expect empty "$fmt" -q -o csv --sheet 空 cells.xlsx
[ "$(cat empty.status)" = 0 ] || fail "an empty sheet: exit $(cat empty.status), want 0"

cp first.want saved-as.want
expect saved-as "$fmt" -q -o csv saved-as.xls
cp first.want noext.want
expect noext "$fmt" -q -o csv noext
cp first.want forced.want
expect forced "$fmt" -q -o csv -i xlsx - <noext
cp first.want piped.want
expect piped "$fmt" -q -o csv - <cells.xlsx

cat >mac.want <<'EOF'
序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案
1,消防,堆物,县区,清理,2023-05-26,2023-06-25,某店,未整改,自查,否,张三,0,否
EOF
expect mac "$fmt" -q -o csv mac.xlsx

# a sheet that is not there: exit 2, the sheets named
"$fmt" -q --sheet 第三页 cells.xlsx >/dev/null 2>missing.err
rc=$?
[ $rc = 2 ] || fail "--sheet 第三页: exit $rc, want 2"
grep -q "cells.xlsx:1: fatal: no sheet '第三页' in the workbook (its sheets: '台账', '第二页', '空') \[io\]" missing.err ||
	{ fail "--sheet 第三页: message"; cat missing.err; }

# The workbook saved as .xls by LibreOffice, when there is one: the sheets
# by name, the empty one, the missing one. (FreeXL gives no value for
# formula and boolean cells: the first sheet's 责任单位 of 序号 2 and 备注
# would read empty, so only their records' count is checked there.)
office=
for name in libreoffice soffice; do
	command -v "$name" >/dev/null 2>&1 && { office=$name; break; }
done
if [ -n "$office" ]; then
	HOME=$work/home "$office" --headless "-env:UserInstallation=file://$work/profile" \
		--convert-to xls --outdir lo cells.xlsx >/dev/null 2>&1
	if [ -s lo/cells.xls ]; then
		cp second.want xls-second.want
		expect xls-second "$fmt" -q -o csv --sheet 第二页 lo/cells.xls
		: >xls-empty.want
		expect xls-empty "$fmt" -q -o csv --sheet 空 lo/cells.xls
		cut -d, -f1-6 first.want >xls-first.want
		"$fmt" -q -o csv lo/cells.xls | cut -d, -f1-6 >xls-first.got
		cmp -s xls-first.want xls-first.got || { fail "lo/cells.xls: first sheet"; diff xls-first.want xls-first.got; }
		"$fmt" -q --sheet 第三页 lo/cells.xls >/dev/null 2>xls-missing.err
		rc=$?
		[ $rc = 2 ] || fail "lo/cells.xls --sheet 第三页: exit $rc, want 2"
		grep -q "lo/cells.xls:1: fatal: no sheet '第三页' in the workbook (its sheets: '台账', '第二页', '空') \[io\]" xls-missing.err ||
			{ fail "lo/cells.xls --sheet 第三页: message"; cat xls-missing.err; }
	else
		fail "$office could not save cells.xlsx as .xls"
	fi
else
	echo "sheet-cells: no LibreOffice: the .xls copy is not checked"
fi

# findings on their sheet rows: the bad level of 序号 2 on row 7
"$build/hz-validate" --today 2023-07-31 --diagnostics json cells.xlsx 2>findings.json >/dev/null
rc=$?
[ $rc = 1 ] || fail "hz-validate cells.xlsx: exit $rc, want 1"
grep -q '"line":7,"record":2,"row":7,"id":"2","field":"level","rule":"bad-level"' findings.json ||
	{ fail "bad-level of 序号 2 not on sheet row 7"; cat findings.json; }
n=$(grep -c '"rule"' findings.json)
# 序号 2's deadline of 2023/6/1 (text) is kept as text and read as a date
grep -q '"rule":"bad-date"' findings.json && fail "a date-styled text cell was not kept as its text"
[ "$n" -ge 1 ] || fail "no finding at all"

[ $status = 0 ] && echo "sheet-cells: every cell kind reads as a clerk sees it"
exit $status
