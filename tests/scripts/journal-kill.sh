#!/usr/bin/env bash
# Journaled changes (hz-edit, hz-progress, hz-add) killed with SIGKILL at
# random moments, 200 times: the register stays whole (it validates, no
# row torn), its journal holds only whole JSON lines, and every change the
# register shows is either in the journal (its last entry's SHA-256 is the
# register's) or detected by hz-log --verify (exit 1) - never both wrong.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8 HZ_USER=kill-test
command -v python3 >/dev/null || { echo "journal-kill: python3 not found; skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

RANDOM=20
# the sanitizer build runs fewer (bootstrap sets HZ_JOURNAL_KILL_ROUNDS)
rounds=${HZ_JOURNAL_KILL_ROUNDS:-${HZ_FAULT_ROUNDS:-200}}
fail=0

awk 'BEGIN {
	print "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案"
	for (i = 1; i <= 3000; i++)
		printf "%d,消防,\"通道堆物, 第%d处\",县区,清理,2023-05-20,2023-06-30,单位%d,未整改,,,,,部门检查,否,张三,0.2,是\n", i, i, i
}' >reg.csv
hz-edit -q -f reg.csv 1 责任人=起点 || { echo "journal-kill: the first edit failed"; exit 1; }

# Every line of the journal is one whole JSON object ending in a line end;
# prints the last entry's sha256.
cat >lines.py <<'PY'
import json, sys
data = open(sys.argv[1], 'rb').read()
if data and not data.endswith(b'\n'):
    sys.exit('the journal does not end in a line end')
last = ''
for n, line in enumerate(data.split(b'\n')[:-1], 1):
    try:
        e = json.loads(line)
    except ValueError:
        sys.exit('line %d is not whole JSON' % n)
    for k in ('time', 'user', 'tool', 'reporter', 'id', 'field', 'old', 'new', 'sha256'):
        if k not in e:
            sys.exit('line %d lacks %s' % (n, k))
    last = e['sha256']
print(last)
PY

detected=0 journaled=0 killed=0 unchanged=0 before=$(sha256sum reg.csv | cut -d' ' -f1)
for ((r = 1; r <= rounds && fail == 0; r++)); do
	id=$((RANDOM % 3000 + 1))
	case $((r % 3)) in
	0) hz-edit -q -f reg.csv $id "责任人=第${r}轮" >/dev/null 2>&1 & ;;
	1) hz-progress -q -f reg.csv $id --text "round $r" --today 2023-07-01 >/dev/null 2>&1 & ;;
	2) hz-add -q -f reg.csv --today 2023-07-01 专题领域=消防 "重大隐患=round $r" 涉及层面=县区 \
		整改措施=清理 检查日期=2023-06-01 计划整改时限=2023-06-30 责任单位=某 整改阶段=未整改 \
		隐患来源=部门检查 挂牌督办=否 责任人=王五 整改资金=0 应急预案=是 >/dev/null 2>&1 & ;;
	esac
	pid=$!
	sleep "$(printf '0.%03d' $((RANDOM % 400)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ $? = 137 ] && killed=$((killed + 1))
	# the register is whole
	if ! hz-validate -q --today 2023-07-01 reg.csv 2>err.txt; then
		echo "round $r: the register does not validate:"; head -n 3 err.txt; fail=1; break
	fi
	# the journal holds only whole lines
	if ! last=$(python3 lines.py reg.csv.hzlog); then
		echo "round $r: the journal is torn"; fail=1; break
	fi
	now=$(sha256sum reg.csv | cut -d' ' -f1)
	hz-log -q --verify reg.csv 2>verify.txt
	st=$?
	if [ "$now" = "$last" ]; then
		# in the journal: --verify agrees
		[ $st = 0 ] || { echo "round $r: journaled, but --verify says $st"; cat verify.txt; fail=1; }
		[ "$now" = "$before" ] && unchanged=$((unchanged + 1)) || journaled=$((journaled + 1))
	else
		# not in the journal: --verify must say so
		[ $st = 1 ] || { echo "round $r: not journaled, and --verify says $st"; fail=1; }
		grep -q 'changed outside hz' verify.txt || { echo "round $r: no note"; cat verify.txt; fail=1; }
		detected=$((detected + 1))
		# the office looks and takes the register as it is: an entry of
		# a change made now puts the journal level with it again
		hz-edit -q -f reg.csv 1 "备注=checked $r" >/dev/null 2>&1 ||
			{ echo "round $r: the next change failed"; fail=1; }
		now=$(sha256sum reg.csv | cut -d' ' -f1)
	fi
	before=$now
	rm -f .reg.csv.hz-rewrite.* 2>/dev/null
done
echo "journal-kill: $((r - 1)) rounds, $killed killed: $journaled journaled, $unchanged unchanged, $detected detected by --verify"
exit $fail
