#!/usr/bin/env bash
# log-order.sh BUILD_DIR SRC_DIR - both streams into one log (>log 2>&1,
# as cron keeps a job's output; issue 25): every finding comes before the
# record it concerns, no line is torn, the log holds the lines the two
# streams hold apart, and the findings go out in blocks, not a write(2)
# each (counted where strace is installed). --output sends the records
# elsewhere (hz-fmt) and the findings still reach the log.
set -u
build=$(cd "$1" && pwd)
[ -x "$build/hz-validate" ] || { echo "no hz-validate in $build"; exit 77; }
export LC_ALL=C.UTF-8 TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# 3000 records with a two-line progress cell and one date (a warning,
# progress-mismatch, each); every 7th is 已整改 with no completion date
# (an error: --filter keeps it out of stdout).
awk 'BEGIN {
	print "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间"
	for (i = 1; i <= 3000; i++)
		printf "%d,消防,安全出口锁闭,市,开锁,2023-05-03,2023-06-01,某店%d,%s,,\"已督促\n已复查\",2023-05-10\n",
		    i, i, i % 7 ? "整改中" : "已整改"
}' >"$work/reg.csv"

validate() {
	"$build/hz-validate" --filter --today 2023-12-31 "$work/reg.csv" "$@"
}

validate >"$work/log" 2>&1
[ $? -eq 1 ] || fail "exit status $? (want 1: errors)"
validate >"$work/out" 2>"$work/err"
cat "$work/out" "$work/err" | sort >"$work/apart"
sort "$work/log" | cmp -s - "$work/apart" || fail "the log's lines are not the two streams' lines"
grep -q '^hz-validate: .*\[progress-mismatch\]$' "$work/log" || fail "no finding in the log"
grep -q '^3000,消防' "$work/log" || fail "no record 3000 in the log"

# every finding before its record: 序号 N's finding, then the row "N,"
awk '
	/^hz-validate: / {
		if (match($0, /\(序号 [0-9]+/)) {
			id = substr($0, RSTART + 8, RLENGTH - 8)
			said[id] = 1
		}
		next
	}
	/^[0-9]+,消防,/ {
		split($0, f, ",")
		if (!(f[1] in said)) { print "record " f[1] " before its finding"; bad = 1; exit }
	}
	END { exit bad }' "$work/log" || fail "a record came before its finding"

# blocks: the log of 3000 records and 3000 findings in a few writes
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
	# LeakSanitizer cannot run under ptrace
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -c -e trace=write -o "$work/st" "$build/hz-validate" --filter \
	    --today 2023-12-31 "$work/reg.csv" >"$work/log2" 2>&1
	writes=$(awk '$NF == "write" { print $4 }' "$work/st")
	[ "${writes:-0}" -gt 0 ] && [ "${writes:-0}" -le 40 ] ||
	    fail "$writes writes for 3000 findings and records (want at most 40)"
	cmp -s "$work/log" "$work/log2" || fail "the log differs from one run to the next"
else
	echo "no strace: the writes are not counted"
fi

# hz-fmt --output: records to the file, findings (a cell beyond the
# header's, every 5th row) still to the log, after stdout left it
awk 'NR == 1 { print; next } { print $0 (NR % 5 ? "" : ",多") }' "$work/reg.csv" >"$work/wide.csv"
"$build/hz-fmt" --output "$work/kept.csv" "$work/wide.csv" >"$work/log3" 2>&1
"$build/hz-fmt" "$work/wide.csv" >"$work/out4" 2>"$work/err4"
cmp -s "$work/kept.csv" "$work/out4" || fail "--output's file is not the records"
cmp -s "$work/log3" "$work/err4" || fail "with --output the log is not the findings"
grep -q 'too-many-cells' "$work/log3" || fail "with --output no finding reached the log"

[ $fails -eq 0 ] || exit 1
echo "log-order: ok"
