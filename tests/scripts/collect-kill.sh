#!/usr/bin/env bash
# hz-collect killed with SIGKILL at random moments while it puts a unit's
# register into the street database and logs it: the database and the log
# are seen together, as before or as after, never one without the other
# (the next hz-collect finishes or drops what a kill left half done), and
# the database is never torn.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
RANDOM=21
rounds=${HZ_FAULT_ROUNDS:-30}
fail=0

head='序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,填报单位'
unit() {    # unit NAME N TAG: a register of N hazards
	echo "$head"
	awk -v u="$1" -v n="$2" -v t="$3" 'BEGIN { for (i = 1; i <= n; i++)
		printf "%d,消防,\"%s 通道堆物 第%d处 %s\",县区,清理,2023-06-01,2023-06-30,单位%d,整改中,部门检查,否,张三,0.2,是,%s\n", i, u, i, (i % 7 ? "" : t), i, u }'
}
# the database before: two units; the file: one of them, changed
unit 公园社区 3000 a >a.csv
unit 解放社区 3000 a >b.csv
hz-collect --today 2023-07-10 --db db.csv --log log.csv --date 2023-06-27 a.csv b.csv >/dev/null 2>&1
cp db.csv db.A; cp log.csv log.A
unit 公园社区 3000 b >a2.csv
t0=$(date +%s%N)
hz-collect --today 2023-07-10 --db db.csv --log log.csv --date 2023-06-28 a2.csv >/dev/null 2>&1
ms=$((($(date +%s%N) - t0) / 1000000 + 1))     # how long a whole run takes
cp db.csv db.B; cp log.csv log.B
cmp -s db.A db.B && { echo "collect-kill: the change changed nothing"; exit 1; }

state() {   # A, B or "torn"
	if cmp -s db.csv db.A && cmp -s log.csv log.A; then echo A
	elif cmp -s db.csv db.B && cmp -s log.csv log.B; then echo B
	else echo torn; fi
}
seen_a=0 seen_b=0 half=0
for ((r = 1; r <= rounds; r++)); do
	cp db.A db.csv; cp log.A log.csv; rm -f log.csv.pending
	hz-collect --today 2023-07-10 --db db.csv --log log.csv --date 2023-06-28 a2.csv >/dev/null 2>&1 &
	pid=$!
	d=$((RANDOM % (ms + ms / 4 + 1)))          # anywhere in the run, and after
	sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	# the database alone is never torn: it is A's or B's, byte for byte
	if ! cmp -s db.csv db.A && ! cmp -s db.csv db.B; then
		echo "collect-kill: round $r: the database is neither before nor after"; fail=1; continue
	fi
	# the next run finishes or drops what was left half done
	[ -e log.csv.pending ] && half=$((half + 1))
	hz-collect --today 2023-07-10 --db db.csv --log log.csv >/dev/null 2>&1
	case $(state) in
	A) seen_a=$((seen_a + 1)) ;;
	B) seen_b=$((seen_b + 1)) ;;
	*) echo "collect-kill: round $r: the database and the log are between"; fail=1 ;;
	esac
	[ -e log.csv.pending ] && { echo "collect-kill: round $r: the pending note stayed"; fail=1; }
done
echo "collect-kill: $rounds rounds of a ${ms} ms run: $seen_a before, $seen_b after ($half left half done and finished by the next run)"
exit $fail
