#!/usr/bin/env bash
# sheet-hostile.sh BUILD_DIR SRC_DIR - hz-validate on hostile spreadsheets,
# made here at run time: a truncated .xlsx, a zip bomb (honest sizes, and
# sizes in the headers that lie), sheet XML nested 100,000 deep, a DOCTYPE
# with an entity bomb, a cell past Excel's 32,767 characters, a shared
# string index beyond the table, a zip that is no workbook, CSV text saved as
# .xlsx and as .xls, and (when LibreOffice can write one) an .xls whose
# sector chain is broken or loops. Each is one fatal `io` finding naming
# the file, exit 2, never a signal or a hang, nothing from a sanitizer. A
# workbook of 1,000,000 shared strings is no error: it is read, its record
# checked. Peak memory stays under 64 MB for all (/usr/bin/time, skipped
# under a sanitizer build as in hostile-input.sh).
set -u
build=$(cd "${1:?usage: sheet-hostile.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
validate=$build/hz-validate
export LC_ALL=C.UTF-8
limit_kb=$((64 * 1024))
if ! command -v python3 >/dev/null 2>&1; then
	echo "sheet-hostile: python3 not installed; skipped"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
status=0
fail() {
	echo "sheet-hostile: FAIL $*"
	status=1
}
measure=yes
if [ ! -x /usr/bin/time ]; then
	measure=no
	echo "sheet-hostile: /usr/bin/time not found: peak memory not checked"
elif grep -q '^HZ_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null ||
     grep -qa __asan_init "$validate"; then
	measure=no
	echo "sheet-hostile: sanitizer build: peak memory not checked"
fi

python3 - <<'EOF'
import struct, zipfile
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HDR = "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案".split(",")
REC = "1,消防,通道堆物,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是".split(",")

def inline(r, values):
    return '<row r="%d">%s</row>' % (r, "".join('<c t="inlineStr"><is><t>%s</t></is></c>' % v for v in values))
GOOD_ROWS = inline(1, HDR) + inline(2, REC)

def book(path, sheet=None, strings=None, sheet_writer=None, strings_writer=None):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("xl/workbook.xml", '<workbook %s><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS)
    rels = '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    if strings is not None or strings_writer:
        rels += '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels)
    if strings_writer:
        with z.open("xl/sharedStrings.xml", "w") as f:
            strings_writer(f)
    elif strings is not None:
        z.writestr("xl/sharedStrings.xml", strings)
    if sheet_writer:
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            sheet_writer(f)
    else:
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    z.close()

def sheet_xml(rows):
    return '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, rows)

# a good workbook, then cut in half
book("good.xlsx", sheet_xml(GOOD_ROWS))
data = open("good.xlsx", "rb").read()
open("truncated.xlsx", "wb").write(data[: len(data) // 2])

# zip bomb: 200 MB of blanks inside sheetData, sizes told honestly
def blanks(f):
    f.write(('<worksheet %s><sheetData>' % NS).encode())
    chunk = b" " * (1 << 20)
    for _ in range(200):
        f.write(chunk)
    f.write(b"</sheetData></worksheet>")
book("bomb.xlsx", sheet_writer=blanks)
# the same with headers that say the sheet unpacks to 1,000 bytes
data = bytearray(open("bomb.xlsx", "rb").read())
name = b"xl/worksheets/sheet1.xml"
i = data.find(b"PK\x03\x04" + data[data.find(b"PK\x03\x04") + 4: data.find(b"PK\x03\x04") + 4] )
pos = 0
while True:
    pos = data.find(b"PK\x03\x04", pos)
    if pos < 0:
        break
    n = struct.unpack_from("<H", data, pos + 26)[0]
    if data[pos + 30: pos + 30 + n] == name:
        struct.pack_into("<I", data, pos + 22, 1000)
    pos += 4
pos = 0
while True:
    pos = data.find(b"PK\x01\x02", pos)
    if pos < 0:
        break
    n = struct.unpack_from("<H", data, pos + 28)[0]
    if data[pos + 46: pos + 46 + n] == name:
        struct.pack_into("<I", data, pos + 24, 1000)
    pos += 4
open("bomb-lies.xlsx", "wb").write(bytes(data))

# XML nested 100,000 deep
book("deep.xlsx", '<worksheet %s><sheetData>%s%s</sheetData></worksheet>' % (NS, "<x>" * 100000, "</x>" * 100000))
# an entity bomb behind a DOCTYPE
lol = '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">' + "".join(
    '<!ENTITY lol%d "%s">' % (k, ("&lol%s;" % (k - 1 if k > 1 else "")) * 10) for k in range(1, 10)) + ']>'
book("doctype.xlsx", lol + sheet_xml(inline(1, HDR) + '<row r="2"><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'))
# a cell of 40,000 characters
book("long-cell.xlsx", sheet_xml(inline(1, HDR) + inline(2, ["x" * 40000])))
# a shared string that is not in the table
book("bad-index.xlsx", sheet_xml(inline(1, HDR) + '<row r="2"><c t="s"><v>7</v></c></row>'),
     strings='<sst %s><si><t>a</t></si></sst>' % NS)
# a zip that is no workbook
z = zipfile.ZipFile("no-workbook.xlsx", "w")
z.writestr("hello.txt", "hello")
z.close()
# CSV text under spreadsheet names
open("text.xlsx", "w").write(",".join(HDR) + "\n" + ",".join(REC) + "\n")
open("text.xls", "w").write(",".join(HDR) + "\n" + ",".join(REC) + "\n")

# 1,000,000 shared strings (about 23 MB of XML); the record uses the last ones
N = 1000000
def many(f):
    f.write(('<sst %s count="%d" uniqueCount="%d">' % (NS, N, N)).encode())
    f.write(b"".join(b"<si><t>s%d</t></si>" % k for k in range(N - len(REC))))
    f.write("".join("<si><t>%s</t></si>" % v for v in REC).encode())
    f.write(b"</sst>")
book("strings.xlsx", sheet_xml(inline(1, HDR) + '<row r="2">%s</row>' %
     "".join('<c t="s"><v>%d</v></c>' % (N - len(REC) + k) for k in range(len(REC)))), strings_writer=many)
EOF
[ -s strings.xlsx ] || { fail "the workbooks were not written"; exit 1; }

# An .xls from LibreOffice, when there is one, with its sector chain broken
# (every FAT entry past the file) and looping (every sector its own next).
office=
for name in libreoffice soffice; do
	command -v "$name" >/dev/null 2>&1 && { office=$name; break; }
done
if [ -n "$office" ]; then
	printf '%s\n' '序号,专题领域,重大隐患' '1,消防,通道堆物' >small.csv
	HOME=$work/home "$office" --headless "-env:UserInstallation=file://$work/profile" \
		--infilter="CSV:44,34,76,1" --convert-to xls small.csv >/dev/null 2>&1
fi
if [ -s small.xls ]; then
	python3 - <<'EOF'
import struct
data = open("small.xls", "rb").read()
shift = struct.unpack_from("<H", data, 30)[0]
size = 1 << shift
fat0 = struct.unpack_from("<I", data, 0x4C)[0]
at = (fat0 + 1) * size
for name, entry in (("bad-chain.xls", lambda k: 0x7FFFFF00), ("loop-chain.xls", lambda k: k)):
    d = bytearray(data)
    for k in range(size // 4):
        if k != fat0:
            struct.pack_into("<I", d, at + 4 * k, entry(k))
    open(name, "wb").write(bytes(d))
EOF
else
	echo "sheet-hostile: no LibreOffice to write an .xls: the sector-chain cases are skipped"
fi

# hostile FILE MESSAGE: one fatal io finding naming FILE, exit 2
hostile() {
	local file=$1 want=$2 rc peak
	if [ $measure = yes ]; then
		timeout 120 /usr/bin/time -f %M -o "$file.mem" "$validate" -q "$file" >/dev/null 2>"$file.err"
	else
		timeout 120 "$validate" -q "$file" >/dev/null 2>"$file.err"
	fi
	rc=$?
	[ $rc = 2 ] || { fail "$file: exit $rc, want 2"; cat "$file.err"; }
	grep -q "^hz-validate: $file:[0-9]*: fatal: .*$want.* \[io\]$" "$file.err" ||
		{ fail "$file: no io finding saying '$want'"; cat "$file.err"; }
	[ "$(grep -c . "$file.err")" = 1 ] || { fail "$file: more than one line on stderr"; cat "$file.err"; }
	if [ $measure = yes ]; then
		peak=$(tail -1 "$file.mem")
		[ "$peak" -lt $limit_kb ] || fail "$file: peak memory $peak kB"
	fi
	echo "sheet-hostile: $file: $(cut -d' ' -f3- "$file.err")${peak:+ ($peak kB)}"
}
hostile truncated.xlsx "not an .xlsx workbook, or a damaged or truncated one"
hostile bomb.xlsx "a zip bomb"
hostile bomb-lies.xlsx "sheet1.xml"
hostile deep.xlsx "XML nested deeper than 64 elements"
hostile doctype.xlsx "a DOCTYPE"
hostile long-cell.xlsx "a cell longer than 32767 characters"
hostile bad-index.xlsx "shared string '7' is not in the table"
hostile no-workbook.xlsx "no part 'xl/workbook.xml'"
hostile text.xlsx "not an .xlsx workbook: it does not begin with the zip signature"
hostile text.xls "not an .xls workbook: it does not begin with the OLE2 signature"
if [ -s small.xls ]; then
	"$build/hz-fmt" -q small.xls >/dev/null 2>small.err ||
		{ fail "small.xls, before it is damaged, does not read"; cat small.err; }
	hostile bad-chain.xls "damaged"
	hostile loop-chain.xls "damaged"
fi

# 1,000,000 shared strings: read, in bounded memory
if [ $measure = yes ]; then
	/usr/bin/time -f %M -o strings.mem "$build/hz-fmt" -q -o csv strings.xlsx >strings.out 2>strings.err
else
	"$build/hz-fmt" -q -o csv strings.xlsx >strings.out 2>strings.err
fi
rc=$?
[ $rc = 0 ] || { fail "strings.xlsx: exit $rc"; cat strings.err; }
[ "$(sed -n 2p strings.out)" = "1,消防,通道堆物,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是" ] ||
	{ fail "strings.xlsx: the record is not read back"; head -3 strings.out; }
if [ $measure = yes ]; then
	peak=$(tail -1 strings.mem)
	[ "$peak" -lt $limit_kb ] || fail "strings.xlsx: peak memory $peak kB"
	echo "sheet-hostile: 1,000,000 shared strings read in $peak kB"
fi
[ $status = 0 ] && echo "sheet-hostile: every hostile spreadsheet is a clean io error"
exit $status
