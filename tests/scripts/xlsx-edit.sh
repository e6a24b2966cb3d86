#!/usr/bin/env bash
# xlsx-edit.sh BUILD_DIR SRC_DIR - workbooks edited in place (hz-add(1),
# "Workbooks"), as a property over generated workbooks.
#
# The workbooks: three made by LibreOffice from generated flat ODS (a
# merged title, 填报单位, a header with a comment, records with date cells,
# blank template rows, a merged footer with an image, custom column widths
# and fonts, a second sheet, a defined name), two made by hz-fmt -o xlsx
# (its widths and fonts; given template rows, a merged title, a second
# sheet, a defined name, a picture on the title and comments on the
# header and a record, with their VML), and the forms of tests/ and
# examples/ saved as .xlsx by LibreOffice. Each gets 5 random edits
# (hz-add with and without 序号, hz-edit, hz-progress --text, --done,
# --extend), the same edits going to its CSV copy. Then:
# - every zip entry but the sheet is byte-identical (compressed bytes),
#   the pictures, drawings and comments too (each generated workbook must
#   have them);
# - every cell outside the records touched keeps its value and style id,
#   rows below the records found unchanged at or below their place, and in
#   a touched record the cells of unchanged fields too (a changed cell
#   keeps its style); new records have 序号 and amounts as number cells;
# - hz's reader gives the workbook the records of its CSV copy, and every
#   record keeps the title's 填报单位;
# - LibreOffice's CSV of the first sheet, before and after, agrees on every
#   untouched row.
# Then a lock file beside a workbook, an .xls, and SIGKILL during edits.
set -u
build=$(cd "${1:?usage: xlsx-edit.sh BUILD_DIR SRC_DIR}" && pwd) || exit 2
src=$(cd "${2:?usage: xlsx-edit.sh BUILD_DIR SRC_DIR}" && pwd) || exit 2

. "$(dirname "$0")/lib/office.bash"
office_setup xlsx-edit python3
export PATH="$build:$PATH"
check="$src/tests/scripts/lib/xlsx_edit_check.py"
seed=${HZ_SEED:-$(date +%s)}
echo "xlsx-edit: seed $seed (HZ_SEED=$seed to repeat)"
lo() {
	"$office" --headless "-env:UserInstallation=file://$work/profile" "$@" >>"$work/office.log" 2>&1
}

mkdir -p "$work/src" "$work/books" "$work/csv"
python3 "$check" make "$work/src" "$seed" || exit 1
# LibreOffice-made: from the flat ODS, and the forms from their CSV
lo --convert-to xlsx --outdir "$work/books" "$work"/src/lo*.fods ||
	{ fail "LibreOffice could not convert the ODS"; cat "$work/office.log"; }
n=0
for f in "$src"/tests/cli/hz-add/_data/form.csv "$src"/tests/cli/hz-add/_data/form20.csv \
	"$src"/tests/cli/hz-add/_data/form-only.csv "$src"/examples/register.csv; do
	n=$((n + 1))
	cp "$f" "$work/src/form$n.csv"
done
lo --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work/books" "$work"/src/form*.csv ||
	{ fail "LibreOffice could not convert the forms"; cat "$work/office.log"; }
for f in "$work"/src/form*.csv; do
	cp "$f" "$work/books/$(basename "$f")"
done
for f in "$work"/books/lo*.xlsx; do
	hz-fmt -q "$f" >"${f%.xlsx}.csv" || fail "hz-fmt cannot read $f"
done
# hz-made
for f in "$work"/src/hzsrc*.csv; do
	b=$work/books/$(basename "${f%.csv}").xlsx
	hz-fmt -q -o xlsx --columns all --output "$b" "$f" && python3 "$check" addparts "$b" ||
		fail "cannot make $b"
	hz-fmt -q "$b" >"${b%.xlsx}.csv"
done
count=$(ls "$work"/books/*.xlsx | wc -l)
[ "$count" -ge 9 ] || fail "only $count workbooks made"

python3 "$check" edit "$work/books" "$seed" || status=1

# LibreOffice's reading of each, before and after
lo --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" --outdir "$work/csv" "$work"/books/*.xlsx ||
	fail "LibreOffice could not read the edited workbooks back"
python3 "$check" office "$work/books" || status=1   # reads csv/ beside books/

# A lock file beside the workbook: refused, nothing written.
cd "$work/books" || exit 1
book=$(ls lo*.xlsx | grep -v before | head -n 1)
cp "$book" locked.xlsx
for lock in '~$locked.xlsx' '.~lock.locked.xlsx#'; do
	touch "$lock"
	msg=$(LC_ALL=zh_CN.UTF-8 hz-add -f locked.xlsx --today 2023-08-01 专题领域=消防 2>&1)
	[ $? = 2 ] || fail "hz-add with $lock beside the workbook: not exit 2"
	case $msg in *"请先在 WPS/Excel 中关闭 locked.xlsx"*) ;; *) fail "lock file $lock: $msg" ;; esac
	hz-edit -f locked.xlsx 1 责任人=某 2>/dev/null
	[ $? = 2 ] || fail "hz-edit with $lock beside the workbook: not exit 2"
	cmp -s locked.xlsx "$book" || fail "the workbook changed with $lock beside it"
	rm -f "$lock"
done

# An .xls (as LibreOffice saves one): refused with the save-as hint.
lo --infilter="CSV:44,34,76,1" --convert-to xls --outdir "$work/books" "$work/books/form1.csv"
if [ -s form1.xls ]; then
	cp form1.xls before.xls
	msg=$(hz-add -f form1.xls --today 2023-08-01 专题领域=消防 2>&1)
	[ $? = 2 ] || fail "hz-add on an .xls: not exit 2"
	case $msg in *"save it as .xlsx"*) ;; *) fail ".xls: $msg" ;; esac
	cmp -s form1.xls before.xls || fail "the .xls changed"
else
	fail "LibreOffice wrote no .xls"
fi

# What cannot be kept: refused with the reason, nothing written.
python3 - "$book" <<'PY' || fail "cannot make the workbooks to refuse"
import re, sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
parts = {i.filename: src.read(i) for i in src.infolist()}
def write(name, change):
    p = dict(parts)
    change(p)
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in p.items():
            z.writestr(k, v)
def array(p):
    s = p["xl/worksheets/sheet1.xml"].decode()
    s = re.sub(r'(<c r="A1"[^>]*?)(/>|>.*?</c>)', r'\1><f t="array" ref="A1">1</f><v>1</v></c>', s, 1)
    p["xl/worksheets/sheet1.xml"] = s.encode()
def table(p):
    s = p["xl/worksheets/sheet1.xml"].decode()
    p["xl/worksheets/sheet1.xml"] = s.replace("</worksheet>",
        '<tableParts count="1"><tablePart r:id="rIdT"/></tableParts></worksheet>').encode()
def strict(p):
    s = p["xl/workbook.xml"].decode()
    p["xl/workbook.xml"] = s.replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                     "http://purl.oclc.org/ooxml/spreadsheetml/main").encode()
def shared(p):
    s = p["xl/worksheets/sheet1.xml"].decode()
    s = re.sub(r'<c r="P5"[^>]*?(/>|>.*?</c>)',
               '<c r="P5" t="str"><f t="shared" ref="P5:P6" si="0">"张"&amp;"三"</f><v>张三</v></c>', s, 1)
    p["xl/worksheets/sheet1.xml"] = s.encode()
write("shared.xlsx", shared)
write("array.xlsx", array)
write("table.xlsx", table)
write("strict.xlsx", strict)
PY
printf '\320\317\021\340\241\261\032\341EncryptedPackage' >encrypted.xlsx
refusals=0
for bad in array:'array formulas' table:'a table over the records' strict:'Strict Open XML' encrypted:'encrypted'; do
	f=${bad%%:*}.xlsx why=${bad#*:}
	[ -s "$f" ] || { fail "$f not made"; continue; }
	refusals=$((refusals + 1))
	cp "$f" refused.before
	msg=$(hz-edit -f "$f" 1 责任人=某 2>&1)
	[ $? = 2 ] || fail "$f: not refused (exit 2)"
	case $msg in *"$why"*"nothing written"*) ;; *) fail "$f: $msg" ;; esac
	cmp -s "$f" refused.before || fail "$f changed"
done
# a change over the first cell of a shared formula: refused; beside it, made
cp shared.xlsx refused.before
msg=$(hz-edit -f shared.xlsx --today 2023-08-01 1 责任人=李四 2>&1)
[ $? = 2 ] || fail "an edit over a shared formula: not refused"
case $msg in *"formula other cells share"*) ;; *) fail "shared formula: $msg" ;; esac
cmp -s shared.xlsx refused.before || fail "shared.xlsx changed"
hz-edit -f shared.xlsx --today 2023-08-01 1 备注=已约谈 || fail "an edit beside a shared formula refused"
python3 -c "import sys,zipfile; sys.exit('t=\"shared\"' not in zipfile.ZipFile('shared.xlsx').read('xl/worksheets/sheet1.xml').decode())" ||
	fail "the shared formula was lost"
echo "xlsx-edit: $refusals workbooks that cannot be kept refused"

# SIGKILL while editing: the workbook is the one before or the one after,
# never torn (the rename of a complete temporary file).
cp "$book" kill.xlsx
ok=0
for i in $(seq 1 12); do
	prev=$(sha256sum <kill.xlsx)
	nprev=$(hz-fmt -q kill.xlsx | hz-fmt -q -o jsonl - | wc -l)
	hz-add -f kill.xlsx --today 2023-08-01 专题领域=消防 重大隐患=通道堆物$i 涉及层面=县区 \
		整改措施=清理 检查日期=2023-07-01 计划整改时限=2023-07-30 责任单位=某店 整改阶段=未整改 \
		隐患来源=部门检查 挂牌督办=否 责任人=张三 整改资金=0 应急预案=是 >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((RANDOM % 10))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	now=$(sha256sum <kill.xlsx)
	nnow=$(hz-fmt -q kill.xlsx 2>/dev/null | hz-fmt -q -o jsonl - | wc -l)
	if ! hz-fmt -q kill.xlsx >/dev/null 2>&1; then
		fail "after SIGKILL (run $i) the workbook cannot be read"
	elif [ "$now" != "$prev" ]; then
		ok=$((ok + 1))
		[ "$nnow" = $((nprev + 1)) ] || fail "after SIGKILL (run $i): $nprev records, then $nnow"
	fi
done
python3 -c "import zipfile,sys; sys.exit(zipfile.ZipFile('kill.xlsx').testzip() is not None)" ||
	fail "after SIGKILL the workbook's zip is damaged"
echo "xlsx-edit: SIGKILL runs: $ok of 12 completed, the others left it as it was"

[ "$status" = 0 ] && echo "xlsx-edit: ok"
exit "$status"
