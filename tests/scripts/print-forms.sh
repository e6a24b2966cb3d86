#!/usr/bin/env bash
# print-forms.sh BUILD_DIR SRC_DIR - the printed 附件2 and 附件1 are read,
# signed and stamped (hz-fmt(1), hz-tally(1)): LibreOffice prints them to
# PDF, and pdftotext -bbox shows every word of 附件2 at 10 pt or more (its
# 13 columns on A4, and all 19 with --columns all on A3, 100 records), and
# of 附件1 at 9 pt or more; page footers 第 N 页 共 M 页; the 填报说明 and the
# 审核人 line on the last page only; 附件1 on one page with its signature
# line and captions, 单位名称 from the records, hz's notes on the sheet 说明
# and on stderr, never on the form.
set -u
build=${1:?usage: print-forms.sh BUILD_DIR SRC_DIR}
src=${2:?usage: print-forms.sh BUILD_DIR SRC_DIR}
fmt=$build/hz-fmt
tally=$build/hz-tally
ex=$src/examples

. "$(dirname "$0")/lib/office.bash"
office_setup print-forms pdftotext pdfinfo python3
checks=0

ok() {
	checks=$((checks + 1))
}

pdf() {
	"$office" --headless "-env:UserInstallation=file://$work/profile" \
		--convert-to pdf --outdir "$work" "$1" >"$work/office.log" 2>&1 ||
		{ fail "$office could not convert $1:"; cat "$work/office.log"; }
}

# A register of 100 hazards in 附件2's 13 columns (reg13), and the same
# with 6 more (reg19), where every tenth hazard has no 隐患来源.
python3 - "$work" <<'PY'
import sys
domains = ["消防", "燃气", "危险化学品", "建筑施工", "道路交通"]
header = ("序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,"
          "实际整改完成时间,整改进展,整改进展时间,备注")
more = ",隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,延期至"
for cols in (13, 19):
    with open("%s/reg%d.csv" % (sys.argv[1], cols), "w", encoding="utf-8") as f:
        f.write("附件2\n重大事故隐患清单\n填报单位：公园社区\n")
        f.write(header + (more if cols == 19 else "") + "\n")
        for i in range(1, 101):
            d = 1 + i % 28
            done = i % 3 == 0
            f.write('%d,%s,"第%d号场所疏散通道堆放杂物，安全出口上锁，消防设施损坏未及时维修",县区,'
                    '"清理杂物，拆除锁具，委托维保单位维修消防设施并建立巡查制度",2023/5/%d,2023-06-30前,'
                    '某某餐饮管理有限公司第%d分店,%s,%s,"已约谈负责人\n已清理杂物",'
                    '"2023-06-01\n2023年6月%d日",'
                    % (i, domains[i % 5], i, d, i, "已整改" if done else "整改中",
                       "2023-06-20" if done else "", d))
            if cols == 19:
                source = "" if i % 10 == 0 else "企业自查" if i % 2 else "部门检查"
                f.write(',%s,否,张三,%d.5,某某应急预案,' % (source, i % 7))
            f.write("\n")
PY

# 附件2, the form's 13 columns and all 19 (--columns all, A3)
"$fmt" -q -o xlsx --output "$work/form13.xlsx" "$work/reg13.csv" || fail "hz-fmt -o xlsx failed"
"$fmt" -q -o xlsx --columns all --output "$work/form19.xlsx" "$work/reg19.csv" ||
	fail "hz-fmt -o xlsx --columns all failed"
# by default, the columns left off are named on stderr and on the sheet 说明
"$fmt" -o xlsx --output "$work/left.xlsx" "$work/reg19.csv" 2>"$work/left.err" ||
	fail "hz-fmt -o xlsx failed: $(cat "$work/left.err")"
if grep -q '隐患来源、挂牌督办、责任人、整改资金（万元）、应急预案、延期至' "$work/left.err" &&
   unzip -p "$work/left.xlsx" xl/workbook.xml | grep -q '<sheet name="说明"' &&
   ! unzip -p "$work/form13.xlsx" xl/workbook.xml | grep -q '<sheet name="说明"'; then
	ok
else
	fail "the columns not printed are not named on stderr and on the sheet 说明"
fi
for form in form13 form19; do
	pdf "$work/$form.xlsx"
	[ -s "$work/$form.pdf" ] || continue
	pages=$(pdfinfo "$work/$form.pdf" | awk '/^Pages:/ { print $2 }')
	size=$(pdfinfo "$work/$form.pdf" | awk '/^Page size:/ { print $3, $5 }')
	echo "$form: $pages pages, $size pt"
	want=$([ $form = form13 ] && echo "841.89 595.3" || echo "1190.55 841.89")
	case $size in "${want% *}"*" ${want#* }"*) ok ;; *) fail "$form: page size $size, not ${want}" ;; esac
	read -r pt word < <(pdf_smallest "$work/$form.pdf")
	echo "$form: smallest word $pt pt ($word)"
	if at_least "$pt" 9.95; then
		ok
	else
		fail "$form: a word at $pt pt ($word), under 10 pt"
	fi
	# every column's header on every page: nothing printed on pages across
	cols=$([ $form = form13 ] && echo 13 || echo 19)
	for ((p = 1; p <= pages; p++)); do
		pdftotext -f $p -l $p -layout "$work/$form.pdf" "$work/page.txt"
		if ! grep -q "第 *$p *页 *共 *$pages *页" "$work/page.txt"; then
			fail "$form: page $p has no footer 第 $p 页 共 $pages 页"
		fi
		if ! grep -q '整改阶段' "$work/page.txt" || ! grep -q '备注' "$work/page.txt" ||
		   { [ $cols = 19 ] && ! grep -q '延期至' "$work/page.txt"; }; then
			fail "$form: page $p does not show the header's every column"
		fi
		if [ $p -lt "$pages" ] && grep -q '填报说明\|审核人' "$work/page.txt"; then
			fail "$form: 填报说明 or 审核人 on page $p of $pages"
		fi
	done
	if grep -q '填报说明' "$work/page.txt" &&
	   grep -q '审核人：[[:space:]　]*填表人：[[:space:]　]*填报时间：2023年[[:space:]　]*月' "$work/page.txt"; then
		ok
	else
		fail "$form: the last page has no 填报说明 or 审核人/填表人/填报时间 line"
	fi
	# 100 records, each once: each has one 整改阶段
	n=$(pdftotext -raw "$work/$form.pdf" - | grep -o '已整改\|整改中' | wc -l)
	if [ "$n" -eq 100 ]; then ok; else fail "$form: $n of 100 records printed"; fi
	# dates in one style
	if pdftotext "$work/$form.pdf" - | grep -q '2023/5/\|2023年6月[0-9]'; then
		fail "$form: a date not printed as YYYY-MM-DD"
	else
		ok
	fi
done

# 附件1 from the example register alone: 单位名称 is its reporter's.
"$tally" -q --month 2023-06 -o xlsx --output "$work/form1.xlsx" \
	"$ex/register.csv" "$ex/checks.csv" "$ex/activities.csv" 2>"$work/several.err"
st=$?
if [ $st -eq 2 ] && grep -q -- '--unit' "$work/several.err" && grep -q -- '--by reporter' "$work/several.err" &&
   [ ! -e "$work/form1.xlsx" ]; then
	ok
else
	fail "several reporters without --unit: status $st, $(cat "$work/several.err")"
fi
# hazards without a source: the note goes to stderr and the sheet 说明
"$tally" --month 2023-06 -o xlsx --output "$work/form1.xlsx" "$work/reg19.csv" 2>"$work/form1.err" ||
	fail "hz-tally -o xlsx failed: $(cat "$work/form1.err")"
if grep -q '1.1-1.4' "$work/form1.err" &&
   unzip -p "$work/form1.xlsx" xl/workbook.xml | grep -q '<sheet name="说明"'; then
	ok
else
	fail "the unsourced hazard is not noted on stderr and the sheet 说明: $(cat "$work/form1.err")"
fi
pdf "$work/form1.xlsx"
if [ -s "$work/form1.pdf" ]; then
	# LibreOffice prints every sheet: the form is page 1, 说明 after it
	pdftotext -f 1 -l 1 -layout "$work/form1.pdf" "$work/form1.txt"
	if grep -q '单位名称：公园社区' "$work/form1.txt"; then ok; else fail "附件1: 单位名称 is not 公园社区"; fi
	if grep -q '单位负责人（签字）：[[:space:]　]*填报人：[[:space:]　]*联系电话：[[:space:]　]*（盖章）' "$work/form1.txt"; then
		ok
	else
		fail "附件1: no signature line"
	fi
	if grep -q '第 *1 *页 *共 *[0-9]* *页' "$work/form1.txt"; then ok; else fail "附件1: no page footer"; fi
	# hz's own notes never on the form (the plan's 注：1. and 2. are its text)
	if grep -q '注：[0-9]* *\(条\|个\)\|未计入\|已跳过\|1.1-1.4' "$work/form1.txt"; then
		fail "附件1: hz's note on the form"
	else
		ok
	fi
	# captions on the two-value items: 3.3 次 and 万元, 3.8 个 and 其中…个
	if grep -q '3\.3.*[0-9]次.*[0-9.]万元' "$work/form1.txt" && grep -q '3\.8.*[0-9]个.*其中[0-9]*个' "$work/form1.txt"; then
		ok
	else
		fail "附件1: the two-value items have no captions"
	fi
fi
# the form alone (one sheet: no note): one page, every word 9 pt or more
"$tally" -q --month 2023-06 -o xlsx --output "$work/form1b.xlsx" "$ex/register.csv" ||
	fail "hz-tally -o xlsx failed"
pdf "$work/form1b.xlsx"
if [ -s "$work/form1b.pdf" ]; then
	pages=$(pdfinfo "$work/form1b.pdf" | awk '/^Pages:/ { print $2 }')
	if [ "$pages" = 1 ]; then ok; else fail "附件1 prints on $pages pages, not 1"; fi
	read -r pt word < <(pdf_smallest "$work/form1b.pdf")
	echo "form1: smallest word $pt pt ($word)"
	if at_least "$pt" 8.95; then
		ok
	else
		fail "附件1: a word at $pt pt ($word), under 9 pt"
	fi
fi

echo "print-forms: $checks passed, $failed failed"
exit $status
