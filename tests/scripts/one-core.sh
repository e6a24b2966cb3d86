#!/usr/bin/env bash
# one-core.sh BUILD_DIR SRC_DIR - a tool confined to one CPU (taskset -c 0,
# a container's single core) reads on its own thread: no read-ahead thread
# that could only take turns with it (issue 25); given two CPUs it starts
# one. The output is the same either way. Needs taskset and strace.
set -u
build=$(cd "$1" && pwd)
[ -x "$build/hz-tally" ] || { echo "no hz-tally in $build"; exit 77; }
command -v taskset >/dev/null && command -v strace >/dev/null &&
    strace -o /dev/null true 2>/dev/null || { echo "no taskset or strace"; exit 77; }
export LC_ALL=C.UTF-8 TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

awk 'BEGIN {
	print "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段"
	for (i = 1; i <= 2000; i++)
		printf "%d,消防,安全出口锁闭,市,开锁,2023-05-03,2023-06-01,某店%d,整改中\n", i, i
}' >"$work/reg.csv"

# threads: the clone calls of the tool (taskset execs it in place);
# LeakSanitizer cannot run under ptrace. /dev/null (not a regular file)
# is never read ahead: what a sanitizer's run-time starts is counted there.
threads() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -e trace=clone,clone3 -o "$work/st" "$@" >"$work/out" 2>&1
	grep -c 'clone' "$work/st"
}

base=$(threads taskset -c 0,1 "$build/hz-tally" --as-of 2023-12-31 /dev/null)
n=$(threads taskset -c 0 "$build/hz-tally" --as-of 2023-12-31 "$work/reg.csv")
[ "$n" -eq "$base" ] || fail "on one CPU: $((n - base)) threads started (want none)"
cp "$work/out" "$work/one"
if [ "$(nproc --all)" -ge 2 ]; then
	n=$(threads taskset -c 0,1 "$build/hz-tally" --as-of 2023-12-31 "$work/reg.csv")
	[ "$n" -eq $((base + 1)) ] || fail "on two CPUs: $((n - base)) threads started (want 1)"
	cmp -s "$work/out" "$work/one" || fail "one CPU and two give different tallies"
fi
[ $fails -eq 0 ] || exit 1
echo "one-core: ok"
