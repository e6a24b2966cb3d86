#!/usr/bin/env bash
# 8 writers each add 100 records to one register at once: 800 new records,
# ids unique, the file valid, no row torn or interleaved. Meanwhile a ninth
# process logs progress on hazard 1 again and again: each of those rewrites
# renames a new file over the register while the adders wait on the lock.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

writers=8 adds=100
writer() {
	local w=$1 i
	for ((i = 1; i <= adds; i++)); do
		hz-add -q -f reg.csv --today 2023-07-01 专题领域=消防 \
			"重大隐患=writer $w add $i, a cell with a comma" 涉及层面=县区 \
			"整改措施=line one
line two" 检查日期=2023-06-01 计划整改时限=2023-06-30 "责任单位=unit $w-$i" \
			整改阶段=未整改 隐患来源=部门检查 挂牌督办=否 责任人=张三 \
			整改资金=0 应急预案=是 >>"ids.$w" 2>>errors || echo "writer $w add $i failed" >>failures
	done
}
updates=30
progress() {
	local i=0
	until [ -s reg.csv ] && hz-progress -q -f reg.csv 1 --text "update 0" --date 2023-06-01 \
		--today 2023-07-01 2>/dev/null; do
		sleep 0.01
	done
	for ((i = 1; i < updates; i++)); do
		hz-progress -q -f reg.csv 1 --text "update $i" --date 2023-06-01 --today 2023-07-01 \
			2>>errors || echo "progress $i failed" >>failures
	done
}
start=$(date +%s.%N)
for ((w = 1; w <= writers; w++)); do
	writer "$w" &
done
progress &
wait
end=$(date +%s.%N)

fail=0
[ -s failures ] && { head -n 5 failures errors; fail=1; }
total=$((writers * adds))
n=$(cat ids.* | wc -l)
[ "$n" = "$total" ] || { echo "printed $n ids, expected $total"; fail=1; }
uniq_ids=$(cat ids.* | sort -n | uniq | wc -l)
[ "$uniq_ids" = "$total" ] || { echo "ids printed twice: $((n - uniq_ids))"; fail=1; }
[ "$(cat ids.* | sort -n | head -n 1)" = 1 ] && [ "$(cat ids.* | sort -n | tail -n 1)" = "$total" ] ||
	{ echo "ids are not 1..$total"; fail=1; }
if ! hz-validate -q --today 2023-07-01 reg.csv; then
	echo "the register does not validate"; fail=1
fi
# Every record whole: read back, each writer's adds all there, in its order.
hz-fmt -q -o jsonl reg.csv >all.jsonl || { echo "hz-fmt failed"; fail=1; }
[ "$(wc -l <all.jsonl)" = "$total" ] || { echo "$(wc -l <all.jsonl) records read back"; fail=1; }
for ((w = 1; w <= writers; w++)); do
	got=$(grep -o "\"hazard\":\"writer $w add [0-9]*," all.jsonl | grep -o 'add [0-9]*' | tr -dc '0-9\n' | paste -sd ' ')
	want=$(seq -s ' ' 1 $adds)
	[ "$got" = "$want" ] || { echo "writer $w: records missing or out of order"; fail=1; }
done
[ "$(grep -c '"measures":"line one\\nline two"' all.jsonl)" = "$total" ] ||
	{ echo "a multi-line cell was torn"; fail=1; }
got=$(grep '"id":1,' all.jsonl | grep -o '"text":"update [0-9]*"' | grep -o '[0-9]*' | paste -sd ' ')
[ "$got" = "$(seq -s ' ' 0 $((updates - 1)))" ] || { echo "progress entries of hazard 1: $got"; fail=1; }
ls -A | grep -q '^\.reg\.csv\.' && { echo "temporary files left"; fail=1; }
printf 'add-concurrency: %d writers x %d adds and %d progress rewrites in %.1f s\n' $writers $adds $updates "$(echo "$end - $start" | bc)"
exit $fail
