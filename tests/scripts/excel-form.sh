#!/usr/bin/env bash
# excel-form.sh BUILD_DIR SRC_DIR - an Excel-style copy of 附件2, made here
# with printf as Excel saves "CSV UTF-8": a BOM, CRLF, the title rows
# (附件2 / 重大事故隐患清单 / 填报单位：公园社区), the form's 13 columns, its 20
# pre-numbered rows of which 5 are filled (one with a real defect, one with
# Alt+Enter line breaks in two cells), the 填报说明 / 审核人 footer, and
# trailing commas everywhere. hz-validate must find only the real defect,
# on its physical line and spreadsheet row; the same saved as GB18030 (no
# BOM, as Excel's "CSV (逗号分隔)"), as UTF-16 tab-separated text (Excel's
# "Unicode 文本") and as UTF-8 with one broken sequence, each read without
# -E, must give the findings -E gives.
set -u
build=$(cd "${1:?usage: excel-form.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
validate=$build/hz-validate
export LC_ALL=C.UTF-8

if [ ! -x "$validate" ]; then
	echo "excel-form: $validate not built"
	exit 1
fi
if ! command -v iconv >/dev/null 2>&1; then
	echo "excel-form: iconv not found; skipped"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# ---- the form ----
# physical lines: 1-3 titles, 4 header, 5 record 1, 6-8 record 2 (two
# line breaks inside cells), 9 record 3, 10 record 4 (deadline before its
# check date: the one defect), 11 record 5, 12-26 the template rows 6-20,
# 27-28 the footer, 29 a line after the footer that is not a record.
{
	printf '\xef\xbb\xbf附件2,,,,,,,,,,,,\r\n'
	printf '重大事故隐患清单,,,,,,,,,,,,\r\n'
	printf '填报单位：公园社区,,,,,,,,,,,,\r\n'
	printf '序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注\r\n'
	printf '1,消防,安全出口上锁，无法正常开启,县区,拆除门锁，保持安全出口畅通,2023/5/26,2023/5/26,星光KTV,已整改,2023/5/26,当场整改完毕,2023/5/26,\r\n'
	printf '2,消防,"疏散通道堆放杂物,占用通道宽度",县区级,清理杂物，设置警示标识,2023-06-01,2023年6月30日前,悦来酒店,整改中,,"已清理一层\n已清理二层",'
	printf '"2023-06-05\n2023-06-12",需复查\r\n'
	printf '3,燃气,液化气钢瓶与灶具间距不足,县区,调整钢瓶位置，加装报警器,2023年6月8日,2023年6月20日,老街饭店,未整改,,,,\r\n'
	printf '4,电动自行车,电动自行车在楼道内充电,县区,清理楼道车辆，设置集中充电点,2023-06-15,2023-06-10,万家超市,未整改,,,,\r\n'
	printf '5,消防,"自动喷水灭火系统末端试水压力不足",市,"维修喷淋系统,更换末端试水装置",２０２３年６月２０日,2023-07-20,华联商厦,整改中,,联系维保单位,2023-06-25,\r\n'
	for i in $(seq 6 20); do
		printf '%d,,,,,,,,,,,,\r\n' "$i"
	done
	printf '"填报说明：1.涉及层面填写市或县区；2.计划整改时限不得早于检查日期；3.整改进展可以填写多条",,,,,,,,,,,,\r\n'
	printf '审核人：王五,,,,填表人：李四,,,,联系电话：,,,,\r\n'
	printf '99,不是记录,,,,,,,,,,,\r\n'
} >form.csv

# the same as Excel's Chinese "CSV (逗号分隔)": GB18030, no BOM
tail -c +4 form.csv | iconv -f UTF-8 -t GB18030 >form-gb.csv

fail=0
bad() {
	echo "excel-form: FAIL $1"
	fail=1
}

# run NAME ARGS...: findings as JSON Lines without their message (for people
# only) and without the file name, into NAME.found; exit status in $status
run() {
	local name=$1
	shift
	"$validate" --today 2023-07-01 --diagnostics json "$@" >"$name.out" 2>"$name.err"
	status=$?
	if grep -Eq 'Sanitizer|runtime error:' "$name.err"; then
		bad "$name: sanitizer report"
	fi
	grep '^{' "$name.err" | sed -e 's/^{"file":"[^"]*",/{/' -e 's/,"message":.*}$/}/' >"$name.found"
}

# record 4 is on line 10 but in Excel's row 8: record 2's cells hold line breaks
expected='{"line":4,"record":null,"row":null,"id":null,"field":null,"rule":"header-extension","severity":"warning"}
{"line":10,"record":4,"row":8,"id":"4","field":"deadline","rule":"date-before-check","severity":"error"}'

run utf8 form.csv
if [ "$(cat utf8.found)" != "$expected" ]; then
	bad "form.csv: findings differ"
	diff <(echo "$expected") utf8.found
fi
[ $status -eq 1 ] || bad "form.csv: exit $status, want 1"
grep -q '^hz-validate: checked 5 records: 1 errors, 1 warnings$' utf8.err ||
	bad "form.csv: summary: $(grep checked utf8.err)"

# the records that pass, with the reporter of the title rows
"$validate" -q --today 2023-07-01 --filter -o jsonl form.csv >pass.jsonl 2>/dev/null
ids=$(grep -o '"id":[0-9]*' pass.jsonl | cut -d: -f2 | tr '\n' ' ')
[ "$ids" = "1 2 3 5 " ] || bad "--filter passes ids '$ids', want '1 2 3 5 '"
[ "$(grep -c '"reporter":"公园社区"' pass.jsonl)" -eq 4 ] || bad "--filter -o jsonl: reporter of the preamble lost"
grep -q '"progress":\[{"date":"2023-06-05","text":"已清理一层"},{"date":"2023-06-12","text":"已清理二层"}\]' pass.jsonl ||
	bad "--filter -o jsonl: record 2's progress"

run gb -E gb18030 form-gb.csv
if [ "$(cat gb.found)" != "$expected" ]; then
	bad "form-gb.csv with -E gb18030: findings differ from the UTF-8 copy's"
	diff <(echo "$expected") gb.found
fi
[ $status -eq 1 ] || bad "form-gb.csv with -E gb18030: exit $status, want 1"
grep -q '^hz-validate: checked 5 records: 1 errors, 1 warnings$' gb.err ||
	bad "form-gb.csv: summary: $(grep checked gb.err)"

# -E auto: each copy read without options gives the findings -E gives
# same NAME FILE ENCODING: compare the run without -E to the one with it
same() {
	local name=$1 file=$2 enc=$3
	run "$name-auto" "$file"
	local auto_status=$status
	run "$name-E" -E "$enc" "$file"
	if ! cmp -s "$name-auto.found" "$name-E.found"; then
		bad "$file without -E: findings differ from -E $enc's"
		diff "$name-E.found" "$name-auto.found"
	fi
	[ "$auto_status" = "$status" ] || bad "$file without -E: exit $auto_status, with -E $enc $status"
	[ -s "$name-auto.found" ] || bad "$file without -E: no findings at all"
}
same gb-auto form-gb.csv GB18030
[ "$(cat gb-auto-auto.found)" = "$expected" ] || bad "form-gb.csv without -E: findings differ from the UTF-8 copy's"
same bom-auto form.csv UTF-8
# Excel's "Unicode 文本": UTF-16LE with a BOM, tab-separated, a .txt
awk '{ out = ""
	for (i = 1; i <= length($0); i++) {
		c = substr($0, i, 1)
		if (c == "\"") q = !q
		else if (c == "," && !q) c = "\t"
		out = out c
	}
	print out }' form.csv | tail -c +4 >form-tab.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE form-tab.txt; } >form-utf16.txt
same utf16 form-utf16.txt UTF-16
[ "$(cat utf16-auto.found)" = "$expected" ] || bad "form-utf16.txt: findings differ from the UTF-8 copy's"
# UTF-8 with one broken sequence (a character cut to its first byte) on line 9
sed '9s/液化气/\xe6液化气/' form.csv >form-broken.csv
same broken form-broken.csv UTF-8
grep -q '"line":9,.*"rule":"encoding"' broken-auto.found || bad "form-broken.csv: no encoding error at line 9"
[ "$(grep -vc '"rule":"encoding"' broken-auto.found)" = 2 ] || bad "form-broken.csv: other findings changed"
grep -q '"rule":"encoding".*-E gb18030' broken-auto.err ||
	bad "form-broken.csv without -E: the encoding error does not suggest -E gb18030"

if [ $fail -ne 0 ]; then
	exit 1
fi
echo "excel-form: the one real defect found, at line 10 (row 8), in UTF-8, GB18030 and UTF-16, with -E and without"
exit 0
