#!/usr/bin/env bash
# collect-kill.sh with the street database kept as an .xlsx workbook:
# hz-collect killed with SIGKILL at random moments while it replaces a
# unit's records (some changed, some removed: rows closing up) and logs
# it. The workbook and the log are seen together, before or after, never
# between (the next hz-collect finishes or drops what a kill left half
# done), and the workbook is never torn.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
RANDOM=22
rounds=${HZ_FAULT_ROUNDS:-20} n=800
# under the sanitizers a run is ten times slower: fewer, smaller rounds
grep -Eq '^HZ_(SANITIZE|TSAN):BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null && rounds=${HZ_FAULT_ROUNDS:-6} n=300
fail=0

head='序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,填报单位'
unit() {    # unit NAME N TAG [SKIP]: a register of N hazards, without every SKIPth
	echo "$head"
	awk -v u="$1" -v n="$2" -v t="$3" -v k="${4:-0}" 'BEGIN { for (i = 1; i <= n; i++) if (!k || i % k)
		printf "%d,消防,\"%s 通道堆物 第%d处 %s\",县区,清理,2023-06-01,2023-06-30,单位%d,整改中,部门检查,否,张三,0.2,是,%s\n", i, u, i, (i % 7 ? "" : t), i, u }'
}
# the database before: an empty workbook, then two units; the file: the
# first of them again, every 7th record changed and every 50th gone
echo "$head" >empty.csv
hz-fmt -q -o xlsx --columns all empty.csv --output db.xlsx 2>/dev/null || { echo "collect-kill-xlsx: no workbook"; exit 1; }
unit 公园社区 $n a >a.csv
unit 解放社区 $n a >b.csv
hz-collect --today 2023-07-10 --db db.xlsx --log log.csv --date 2023-06-27 a.csv b.csv >/dev/null 2>&1
cp db.xlsx db.A; cp log.csv log.A; cp db.xlsx.hzlog j.A
unit 公园社区 $n b 50 >a2.csv
# every 7th changed unless it is a 50th (gone): the counts the run must give
changed=$(awk -v n=$n 'BEGIN { for (i = 1; i <= n; i++) c += i % 7 == 0 && i % 50; print c }')
gone=$((n / 50))
t0=$(date +%s%N)
hz-collect --today 2023-07-10 --db db.xlsx --log log.csv --date 2023-06-28 a2.csv >out.txt 2>&1
ms=$((($(date +%s%N) - t0) / 1000000 + 1))
grep -q "（新增 0，修改 $changed，删除 $gone）" out.txt || { echo "collect-kill-xlsx: the change: $(cat out.txt)"; exit 1; }
cp db.xlsx db.B; cp log.csv log.B
got=$(hz-fmt -q -o jsonl db.B | wc -l)
[ "$got" = $((2 * n - gone)) ] || { echo "collect-kill-xlsx: $got records after the change, not $((2 * n - gone))"; exit 1; }

state() {   # A, B or "torn"
	if cmp -s db.xlsx db.A && cmp -s log.csv log.A; then echo A
	elif cmp -s db.xlsx db.B && cmp -s log.csv log.B; then echo B
	else echo torn; fi
}
seen_a=0 seen_b=0 half=0
for ((r = 1; r <= rounds; r++)); do
	cp db.A db.xlsx; cp log.A log.csv; cp j.A db.xlsx.hzlog; rm -f log.csv.pending
	hz-collect --today 2023-07-10 --db db.xlsx --log log.csv --date 2023-06-28 a2.csv >/dev/null 2>&1 &
	pid=$!
	d=$((RANDOM % (ms + ms / 4 + 1)))          # anywhere in the run, and after
	sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if ! cmp -s db.xlsx db.A && ! cmp -s db.xlsx db.B; then
		echo "collect-kill-xlsx: round $r: the workbook is neither before nor after"; fail=1; continue
	fi
	[ -e log.csv.pending ] && half=$((half + 1))
	hz-collect --today 2023-07-10 --db db.xlsx --log log.csv >/dev/null 2>&1
	case $(state) in
	A) seen_a=$((seen_a + 1)) ;;
	B) seen_b=$((seen_b + 1)) ;;
	*) echo "collect-kill-xlsx: round $r: the workbook and the log are between"; fail=1 ;;
	esac
	[ -e log.csv.pending ] && { echo "collect-kill-xlsx: round $r: the pending note stayed"; fail=1; }
	ls .~lock.* '~$'* 2>/dev/null | grep -q . && { echo "collect-kill-xlsx: round $r: a lock file left"; fail=1; }
done
echo "collect-kill-xlsx: $rounds rounds of a ${ms} ms run: $seen_a before, $seen_b after ($half left half done and finished by the next run)"
exit $fail
