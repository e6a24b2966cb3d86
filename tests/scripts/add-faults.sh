#!/usr/bin/env bash
# Writers killed with SIGKILL at random moments, while adding (hz-add, a
# batch from stdin) and while rewriting (hz-progress, hz-add --extend),
# leave a register that validates and holds only whole records, among them
# every record a run reported added.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

RANDOM=42
rounds=${HZ_FAULT_ROUNDS:-30}
fail=0

# A register big enough that a rewrite takes a while.
awk 'BEGIN {
	print "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案"
	for (i = 1; i <= 8000; i++)
		printf "%d,消防,\"通道堆物, 第%d处\",县区,清理,2023-05-20,2023-06-30,单位%d,未整改,,,,,部门检查,否,张三,0.2,是\n", i, i, i
}' >reg.csv

batch() {   # 50 records, with multi-line cells, as CSV on stdout
	local r=$1 i
	echo '专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金,应急预案'
	for ((i = 1; i <= 50; i++)); do
		printf '消防,"round %d record %d",县区,"清理\n再检查",2023-06-01,2023-06-30,单位,未整改,部门检查,否,李四,0,是\n' "$r" "$i"
	done
}

check() {   # the register is whole after round $1
	if ! hz-validate -q --today 2023-07-01 reg.csv 2>err.txt; then
		echo "round $1: the register does not validate:"; head -n 3 err.txt; return 1
	fi
	hz-fmt -q -o jsonl reg.csv >all.jsonl || { echo "round $1: unreadable"; return 1; }
	local n; n=$(grep -c '"hazard":"round ' all.jsonl)
	if [ $((n % 50)) != 0 ]; then
		echo "round $1: $n batch records: a batch was torn"; return 1
	fi
	# every id a run reported is there
	grep -o '"id":[0-9]*' all.jsonl | cut -d: -f2 | sort >present
	if [ -n "$(sort reported | comm -23 - present)" ]; then
		echo "round $1: reported ids missing"; return 1
	fi
	return 0
}

: >reported
killed=0 temps=0
for ((r = 1; r <= rounds && fail == 0; r++)); do
	delay=$(printf '0.%03d' $((RANDOM % 80)))
	case $((r % 3)) in
	0)      batch $r >in.csv
		hz-add -q -f reg.csv --today 2023-07-01 - <in.csv >out.txt 2>/dev/null &
		;;
	1)      hz-progress -q -f reg.csv $((RANDOM % 8000 + 1)) --text "round $r" \
			--today 2023-07-01 >/dev/null 2>&1 &
		;;
	2)      hz-add -q -f reg.csv --extend --today 2023-07-01 专题领域=消防 "重大隐患=extend $r" \
			涉及层面=县区 整改措施=清理 检查日期=2023-06-01 计划整改时限=2023-06-30 责任单位=某 \
			整改阶段=未整改 隐患来源=部门检查 挂牌督办=否 责任人=王五 整改资金=0 应急预案=是 \
			"round$((r % 4))=x" >out.txt 2>/dev/null &
		;;
	esac
	pid=$!
	if ((r % 3 != 0 && r % 2 == 0)); then
		# a rewrite: kill it while its temporary file is being written
		while kill -0 $pid 2>/dev/null && ! compgen -G '.reg.csv.hz-rewrite.*' >/dev/null; do
			:
		done
	else
		sleep "$delay"
	fi
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ $? = 137 ] && killed=$((killed + 1))
	temps=$((temps + $(ls -A | grep -c '^\.reg\.csv\.hz-rewrite\.')))
	[ -f out.txt ] && cat out.txt >>reported && rm -f out.txt
	check $r || fail=1
done
hz-progress -q -f reg.csv 1 --text final --today 2023-07-01 || { echo "a last run failed"; fail=1; }
[ "$(ls -A | grep -c '^\.reg\.csv\.hz-rewrite\.')" = 0 ] || { echo "temporary files were not cleaned up"; fail=1; }
echo "add-faults: $((r - 1)) rounds, $killed killed before they ended; $(wc -l <reported) ids reported, all present;" \
	"$temps temporary files left by killed rewrites, removed by the next run"
exit $fail
