#!/usr/bin/env bash
# hz-progress on a 100,000-row register: rewritten well under a second, and
# every row but the one updated byte-identical (cmp of what lies before and
# after it). Then an added column: every other row keeps its bytes (a
# short row reads as empty in the new column).
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

rows=100000 target=54322 extend=99998
# CRLF, a BOM, quoted cells and multi-line cells: what Excel writes.
awk -v rows=$rows 'BEGIN {
	printf "\xef\xbb\xbf序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案\r\n"
	for (i = 1; i <= rows; i++) {
		if (i % 3 == 0)
			printf "%d,消防,\"通道堆物, 第%d处\",县区,清理,2023-05-%02d,2023-06-30,\"单位\"\"%d\"\"\",整改中,,\"已清理一层\r\n已清理二层\",\"2023-06-01\r\n2023-06-02\",,部门检查,否,张三,0.2,是\r\n", i, i, i % 28 + 1, i
		else
			printf "%d,燃气,软管老化 %d,市,更换,2023/5/%d,2023年6月30日前,单位%d,未整改,,,,,企业自查,否,李四,1.5,预案\r\n", i, i, i % 28 + 1, i
	}
}' >reg.csv
cp reg.csv before.csv
size=$(stat -c %s before.csv)

fail=0
start=$(date +%s%N)
hz-progress -f reg.csv $target --text '已报告' --today 2023-07-01 || { echo "hz-progress failed"; fail=1; }
end=$(date +%s%N)
ms=$(((end - start) / 1000000))

# The bytes before and after the target row are those of the original.
line=$(grep -an "^$target,燃气," before.csv | cut -d: -f1)
begin=$(head -n $((line - 1)) before.csv | wc -c)
old_end=$(head -n $line before.csv | wc -c)
new_size=$(stat -c %s reg.csv)
new_end=$((old_end + new_size - size))
cmp -n $begin before.csv reg.csv || { echo "rows before the target changed"; fail=1; }
cmp <(tail -c +$((old_end + 1)) before.csv) <(tail -c +$((new_end + 1)) reg.csv) ||
	{ echo "rows after the target changed"; fail=1; }
row=$(head -c $new_end reg.csv | tail -c +$((begin + 1)))
want=$(printf '%d,燃气,软管老化 %d,市,更换,2023/5/%d,2023年6月30日前,单位%d,整改中,,已报告,2023-07-01,,企业自查,否,李四,1.5,预案\r\n' $target $target $((target % 28 + 1)) $target)
[ "$row" = "$want" ] || { echo "updated row: $row"; fail=1; }
[ $ms -lt 3000 ] || { echo "took $ms ms"; fail=1; }

# An added column: the header and the row changed change, no other.
start=$(date +%s%N)
hz-progress -f reg.csv $extend --extend 2023-07-31 --today 2023-07-01 || { echo "--extend failed"; fail=1; }
end=$(date +%s%N)
ms2=$(((end - start) / 1000000))
rows_changed=$(diff before.csv reg.csv | grep -c '^>')
[ "$rows_changed" = 3 ] || { echo "$rows_changed rows differ (want the header, $target, $extend)"; fail=1; }
hz-validate -q --today 2023-07-01 reg.csv >/dev/null 2>&1 || { echo "the register does not validate"; fail=1; }
echo "progress-100k: $rows rows ($size bytes): update $ms ms, added column $ms2 ms"
exit $fail
