#!/usr/bin/env bash
# xlsx-fmt.sh BUILD_DIR SRC_DIR - hz-fmt -o xlsx writes the printed 附件2:
# LibreOffice (headless, Debian package libreoffice-calc-nogui) converts the
# workbook back to CSV, and that CSV reads to the same records as the input,
# cell for cell (both normalised: the workbook holds dates as date cells, so
# 2023/5/26 comes back as 2023-05-26). Cells that look like formulas come
# back as the text they are; dates are date cells, ids numbers; the header
# is frozen and repeated on every printed page of an A4 landscape sheet.
# (hz reading its own .xlsx back is for the .xlsx reader's tests.)
set -u
build=${1:?usage: xlsx-fmt.sh BUILD_DIR SRC_DIR}
src=${2:?usage: xlsx-fmt.sh BUILD_DIR SRC_DIR}
fmt=$build/hz-fmt

. "$(dirname "$0")/lib/office.bash"
office_setup xlsx-fmt
checks=0

ok() {
	checks=$((checks + 1))
}

# to_csv XLSX: the first sheet as UTF-8 CSV (values, as shown) in $work/back
to_csv() {
	"$office" --headless "-env:UserInstallation=file://$work/profile" \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$work/back" "$1" \
		>"$work/office.log" 2>&1 || { fail "$office could not convert $1:"; cat "$work/office.log"; }
}

# records FILE: canonical, normalised JSON Lines
records() {
	"$fmt" -q --normalize -o jsonl "$1"
}

# A register with cells a spreadsheet would take for formulas, a deadline
# with 前, an amount, several progress entries, an unknown column with a
# leading zero, and a title naming its 填报单位.
cat >"$work/tricky.csv" <<'CSV'
附件2
重大事故隐患清单
"填报单位：=HYPERLINK(""http://example.org"",""公园社区"")"
序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,整改资金（万元）,内部编号
1,消防,"=HYPERLINK(""http://example.org"",""点击"")",县区,-2 拆除锁具,2023/5/23,2023-06-30前,+1 某某酒店,整改中,,"一
二
三","2023-05-24
2023-05-25
2023-05-26",@SUM(A1),0.35,007
2,燃气,"长文本，长文本，长文本，长文本，长文本，长文本，长文本，长文本，长文本，长文本，长文本，长文本",市,更换软管,2023年5月26日,2023-06-01,某某餐馆,已整改,2023-05-30,已更换,2023-05-30,,12,010
CSV

for input in "$src/examples/register.csv" "$work/tricky.csv"; do
	name=$(basename "$input" .csv)
	rm -rf "$work/back"
	if ! "$fmt" -q -o xlsx --columns all --output "$work/$name.xlsx" "$input"; then
		fail "hz-fmt -o xlsx $name.csv failed"
		continue
	fi
	to_csv "$work/$name.xlsx"
	records "$input" >"$work/$name.want" 2>"$work/$name.want-err"
	records "$work/back/$name.csv" >"$work/$name.got" 2>"$work/$name.got-err"
	if [ ! -s "$work/$name.want" ]; then
		fail "$name: no records read from the input"
	elif ! cmp -s "$work/$name.want" "$work/$name.got"; then
		fail "$name: the workbook does not read back to the same records:"
		diff "$work/$name.want" "$work/$name.got" | head -20
	else
		ok
	fi
done

# The tricky cells came back as text, not as computed formulas.
back=$work/back/tricky.csv
for cell in '=HYPERLINK(""http://example.org"",""点击"")' '+1 某某酒店' '@SUM(A1)' '-2 拆除锁具' \
	'填报单位：=HYPERLINK(""http://example.org"",""公园社区"")' ',007'; do
	if grep -qF -- "$cell" "$back"; then ok; else fail "cell '$cell' did not come back as text"; fi
done

# Inside the workbook: no formula at all; dates are date cells (a number
# with the date style), ids numbers, text inline text; A3 landscape at
# 100 % (--columns all); header frozen below it and repeated on every page.
sheet=$(unzip -p "$work/tricky.xlsx" xl/worksheets/sheet1.xml)
book=$(unzip -p "$work/tricky.xlsx" xl/workbook.xml)
case $sheet in *'<f>'*|*'<f '*) fail "the sheet holds a formula" ;; *) ok ;; esac
# row 5 is the first record: A id, F check_date 2023/5/23 = day 45069
if grep -q '<c r="F5" s="[0-9]*"><v>45069</v>' <<<"$sheet"; then ok; else fail "检查日期 is not a date cell"; fi
if grep -q '<c r="A5" s="[0-9]*"><v>1</v>' <<<"$sheet"; then ok; else fail "序号 is not a number"; fi
if grep -q '<c r="N5" s="[0-9]*"><v>0.35</v>' <<<"$sheet"; then ok; else fail "整改资金 is not a number"; fi
if grep -q '<c r="C5" s="[0-9]*" t="inlineStr">' <<<"$sheet"; then ok; else fail "重大隐患 is not text"; fi
# a deadline written 2023-06-30前 prints as the date it is, in the one style
if grep -q '<c r="G5" s="[0-9]*"><v>45107</v>' <<<"$sheet"; then ok; else fail "2023-06-30前 is not the date cell 2023-06-30"; fi
# several dates in one cell stay text, each as YYYY-MM-DD
if grep -q '<c r="L5" s="[0-9]*" t="inlineStr"><is><t>2023-05-24
2023-05-25
2023-05-26</t>' <<<"$sheet"; then ok; else fail "整改进展时间 of several dates is not text in one style"; fi
if grep -q 'paperSize="8"[^>]*scale="100"[^>]*orientation="landscape"' <<<"$sheet" ||
   grep -q 'paperSize="8"[^>]*orientation="landscape"' <<<"$sheet" && ! grep -q 'fitTo' <<<"$sheet"; then
	ok
else
	fail "--columns all: not A3 landscape at 100 %"
fi
if grep -q '<pane ySplit="4" topLeftCell="A5"[^>]*state="frozen"' <<<"$sheet"; then ok; else fail "header not frozen"; fi
if grep -q "Print_Titles[^>]*>'附件2'!\$4:\$4<" <<<"$book"; then ok; else fail "header not repeated on every page"; fi

# Records of another type: one header row, no title, no footer.
printf '检查日期,企业名称,检查部门\n2023-06-01,某某酒店,消防\n' >"$work/checks.csv"
rm -rf "$work/back"
"$fmt" -q --type check -o xlsx "$work/checks.csv" >"$work/checks.xlsx" || fail "hz-fmt -o xlsx > FILE failed"
to_csv "$work/checks.xlsx"
if [ "$(head -1 "$work/back/checks.csv")" = "检查日期,企业名称,检查部门" ] &&
   [ "$(wc -l <"$work/back/checks.csv")" -eq 2 ]; then
	ok
else
	fail "a check register is not one header row and its records:"
	cat "$work/back/checks.csv"
fi

# -o xlsx to a terminal is a usage error; nothing is written to it.
if command -v script >/dev/null 2>&1; then
	script -qec "$fmt --type check -o xlsx $work/checks.csv" /dev/null >"$work/tty.out" 2>&1
	st=$?
	if [ $st -eq 2 ] && grep -q -- '--output FILE' "$work/tty.out" && ! grep -q 'PK' "$work/tty.out"; then
		ok
	else
		fail "-o xlsx to a terminal: status $st, $(cat "$work/tty.out")"
	fi
fi

# A run that fails leaves --output as it was (written whole or not at all).
echo keep >"$work/kept.xlsx"
"$fmt" -q -o xlsx --columns all --output "$work/kept.xlsx" "$work/tricky.csv" "$src/examples/register.csv" 2>"$work/mix.err"
st=$?
if [ $st -eq 2 ] && [ "$(cat "$work/kept.xlsx")" = keep ] && grep -q 'columns differ' "$work/mix.err" &&
   [ -z "$(find "$work" -maxdepth 1 -name 'kept.xlsx.*')" ]; then
	ok
else
	fail "a failed run changed --output or left a temporary file (status $st)"
fi

# To standard output: a full disk is one write error, exit 2; a reader that
# stops (| head) leaves no temporary workbook in $TMPDIR.
mkdir "$work/tmp"
if [ -w /dev/full ]; then
	TMPDIR=$work/tmp "$fmt" -q -o xlsx "$src/examples/register.csv" >/dev/full 2>"$work/full.err"
	st=$?
	if [ $st -eq 2 ] && [ "$(grep -c 'write error' "$work/full.err")" -eq 1 ]; then
		ok
	else
		fail "-o xlsx >/dev/full: status $st, $(cat "$work/full.err")"
	fi
fi
TMPDIR=$work/tmp "$fmt" -q -o xlsx "$src/examples/register.csv" | head -c 10 >/dev/null
if [ -z "$(ls -A "$work/tmp")" ]; then ok; else fail "-o xlsx | head left $(ls -A "$work/tmp")"; fi

echo "xlsx-fmt: $checks passed, $failed failed"
exit $status
