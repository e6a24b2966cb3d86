#!/usr/bin/env bash
# hz-progress on a 100,000-row register: every row but the one updated
# byte-identical (cmp of what lies before and after it). Then an added
# column: every other row keeps its bytes (a short row reads as empty in
# the new column).
#
# And linear: each change costs at most 8 times the CPU time (user + system,
# getrusage of the child, through bash's `time`) on 100,000 rows that it
# costs on 25,000; linear work gives about 4, quadratic work 16. CPU time,
# not the wall clock, and a ratio, not a bound in seconds: a loaded machine
# (seven sessions on two cores) stretches the wall clock tenfold, and a
# sanitizer build the CPU time of both sizes alike. ulimit -t stops a
# runaway after 60 s of CPU.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# register ROWS: a register of ROWS hazards on stdout.
# CRLF, a BOM, quoted cells and multi-line cells: what Excel writes.
register() {
	awk -v rows="$1" 'BEGIN {
	printf "\xef\xbb\xbf序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案\r\n"
	for (i = 1; i <= rows; i++) {
		if (i % 3 == 0)
			printf "%d,消防,\"通道堆物, 第%d处\",县区,清理,2023-05-%02d,2023-06-30,\"单位\"\"%d\"\"\",整改中,,\"已清理一层\r\n已清理二层\",\"2023-06-01\r\n2023-06-02\",,部门检查,否,张三,0.2,是\r\n", i, i, i % 28 + 1, i
		else
			printf "%d,燃气,软管老化 %d,市,更换,2023/5/%d,2023年6月30日前,单位%d,未整改,,,,,企业自查,否,李四,1.5,预案\r\n", i, i, i % 28 + 1, i
	}
}'
}

# cpu_ms CMD...: run CMD (its stderr on ours); $ms is the CPU time it took in
# milliseconds, user and system; its exit status is the function's.
cpu_ms() {
	local TIMEFORMAT='%3U %3S' rc
	{ time (ulimit -t 60 && "$@" 2>&3); } 3>&2 2>"$work/time"
	rc=$?
	ms=$(awk 'END { printf "%d", ($1 + $2) * 1000 }' "$work/time")
	return $rc
}

fail=0
rows=100000 target=54322 extend=99998
register $rows >reg.csv
cp reg.csv before.csv
size=$(stat -c %s before.csv)

cpu_ms hz-progress -f reg.csv $target --text '已报告' --today 2023-07-01 || { echo "hz-progress failed"; fail=1; }
update_ms=$ms

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

# An added column: the header and the row changed change, no other.
cpu_ms hz-progress -f reg.csv $extend --extend 2023-07-31 --today 2023-07-01 || { echo "--extend failed"; fail=1; }
extend_ms=$ms
rows_changed=$(diff before.csv reg.csv | grep -c '^>')
[ "$rows_changed" = 3 ] || { echo "$rows_changed rows differ (want the header, $target, $extend)"; fail=1; }
hz-validate -q --today 2023-07-01 reg.csv >/dev/null 2>&1 || { echo "the register does not validate"; fail=1; }

# The same two changes on a quarter of the rows.
register $((rows / 4)) >small.csv
cpu_ms hz-progress -f small.csv $((target / 4)) --text '已报告' --today 2023-07-01 || { echo "hz-progress failed on $((rows / 4)) rows"; fail=1; }
small_update_ms=$ms
cpu_ms hz-progress -f small.csv $((rows / 4 - 2)) --extend 2023-07-31 --today 2023-07-01 || { echo "--extend failed on $((rows / 4)) rows"; fail=1; }
small_extend_ms=$ms
# (10 ms more each: the clock's grain, and a small run's start-up)
linear() { # WHAT BIG_MS SMALL_MS
	[ "$2" -le $((8 * ($3 + 10))) ] ||
		{ echo "$1 is not linear: $2 ms of CPU on $rows rows, $3 ms on $((rows / 4))"; fail=1; }
}
linear "an update" $update_ms $small_update_ms
linear "an added column" $extend_ms $small_extend_ms
echo "progress-100k: $rows rows ($size bytes): update $update_ms ms of CPU ($small_update_ms on $((rows / 4))), added column $extend_ms ms ($small_extend_ms)"
exit $fail
