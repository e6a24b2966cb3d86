#!/usr/bin/env bash
# alert-pipe.sh BUILD_DIR SRC_DIR - hz-alert | head ends quietly (issue 10,
# F22), whether SIGPIPE is left default or ignored (as Python's subprocess
# does); a full disk is still a write error.
set -u
build=$(cd "$1" && pwd)
for t in hz-alert hz-overdue; do
	[ -x "$build/$t" ] || { echo "no $t in $build"; exit 77; }
done
export LC_ALL=C.UTF-8 TZ=UTC
unset HZ_TODAY
export PATH=/usr/bin:/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0 passes=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

check() {       # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then passes=$((passes + 1)); else fail "$what"; fi
}

# More alert lines than a pipe holds, so that head closes it mid-write.
{
	echo '序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段'
	for i in $(seq 1 3000); do
		echo "$i,消防,安全出口上锁无法从内部开启，疏散通道堆放杂物,县区,拆除锁具,2023-05-01,2023-05-10,某某酒店$i,未整改"
	done
} >"$work/many.csv"
for sigpipe in default ignored; do
	if [ $sigpipe = ignored ]; then
		( trap '' PIPE; "$build/hz-alert" --as-of 2023-07-01 "$work/many.csv" 2>"$work/err6" ) | head -n 1 >/dev/null
	else
		"$build/hz-alert" --as-of 2023-07-01 "$work/many.csv" 2>"$work/err6" | head -n 1 >/dev/null
	fi
	st=${PIPESTATUS[0]}
	check "F22: hz-alert | head with SIGPIPE $sigpipe: status $st" test "$st" -eq 0 -o "$st" -eq 141
	check "F22: hz-alert | head with SIGPIPE $sigpipe: quiet ($(head -c 200 "$work/err6"))" test ! -s "$work/err6"
done
if [ -w /dev/full ]; then
	"$build/hz-alert" --as-of 2023-07-01 "$work/many.csv" >/dev/full 2>"$work/err7"
	st=$?
	check "hz-alert >/dev/full: status 1 ($st)" test $st -eq 1
	check "hz-alert >/dev/full: says so" grep -q 'write error' "$work/err7"
fi

echo "alert-pipe: $passes passed, $fails failed"
[ $fails -eq 0 ]
