#!/usr/bin/env bash
# sheet-roundtrip.sh BUILD_DIR SRC_DIR - hz reads its own .xlsx back to the
# same records: each example file (the register, spot checks, activities,
# roster) and a register of tricky cells (formula-like text, leading zeros,
# multi-line progress, every date spelling, a 填报单位 title) is written by
# hz-fmt -o xlsx (the printed 附件2 for hazards, a header and rows for the
# others) and read back by hz-fmt -o jsonl; the records must be the input's,
# cell for cell, after --normalize (the workbook holds dates as date cells,
# so 2023/5/26 comes back as 2023-05-26). The example register, whose dates
# are already YYYY-MM-DD, must come back without normalising too.
set -u
build=${1:?usage: sheet-roundtrip.sh BUILD_DIR SRC_DIR}
src=${2:?usage: sheet-roundtrip.sh BUILD_DIR SRC_DIR}
fmt=$build/hz-fmt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8
status=0
fail() {
	echo "sheet-roundtrip: FAIL $*"
	status=1
}

cat >"$work/tricky.csv" <<'CSV'
附件2
重大事故隐患清单
填报单位：公园社区
序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,整改资金（万元）,内部编号
1,消防,"=HYPERLINK(""http://example.org"",""点击"")",县区,-2 拆除锁具,2023/5/23,2023-06-30前,+1 某某酒店,整改中,,"一
二
三","2023-05-24
2023-05-25
2023-05-26",@SUM(A1),0.35,007
2,燃气,长文本，长文本，长文本，长文本，长文本，长文本,市,更换软管,2023年5月26日,20230601,某某餐馆,已整改,2023.5.30,已更换,2023-05-30,,12,010
CSV

n=0
for input in "$src/examples/register.csv" "$src/examples/checks.csv" "$src/examples/activities.csv" \
	"$src/examples/roster.csv" "$work/tricky.csv"; do
	name=$(basename "$input" .csv)
	if ! "$fmt" -q -o xlsx --columns all --output "$work/$name.xlsx" "$input" 2>"$work/$name.err"; then
		fail "hz-fmt -o xlsx $name.csv failed:"
		cat "$work/$name.err"
		continue
	fi
	"$fmt" -q --normalize -o jsonl "$input" >"$work/$name.want"
	"$fmt" -q --normalize -o jsonl "$work/$name.xlsx" >"$work/$name.got" 2>"$work/$name.got-err"
	if [ ! -s "$work/$name.want" ]; then
		fail "$name: no records read from the input"
	elif ! cmp -s "$work/$name.want" "$work/$name.got"; then
		fail "$name: its .xlsx does not read back to the same records:"
		diff "$work/$name.want" "$work/$name.got" | head -10
		cat "$work/$name.got-err"
	else
		n=$((n + $(grep -c . "$work/$name.want")))
	fi
done
"$fmt" -q -o jsonl "$src/examples/register.csv" >"$work/raw.want"
"$fmt" -q -o jsonl "$work/register.xlsx" >"$work/raw.got"
cmp -s "$work/raw.want" "$work/raw.got" || { fail "register.xlsx: records differ before normalising"; diff "$work/raw.want" "$work/raw.got" | head -6; }

[ $status = 0 ] && echo "sheet-roundtrip: $n records read back from hz's own workbooks, cell for cell"
exit $status
