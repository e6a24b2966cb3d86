#!/bin/bash
# HZ_UPDATE=1 rewrites a failing CLI case's output but never its exit
# status: a case whose status changed stays failing, its files untouched,
# until HZ_UPDATE=status (tests/cli/run-case).
set -u
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
make_case() {
	rm -rf "$tmp/case" && mkdir "$tmp/case"
	printf 'echo new; exit %s\n' "$1" >"$tmp/case/cmd"
	echo old >"$tmp/case/stdout"
}
run() { HZ_UPDATE=$1 bash "$src/tests/cli/run-case" "$tmp/case" "$build" "$src" >"$tmp/log" 2>&1; }

# output moved, status kept: HZ_UPDATE=1 rewrites stdout
make_case 0
run 1 || { echo "FAIL: HZ_UPDATE=1 did not update a case whose output alone changed"; fail=1; }
[ "$(cat "$tmp/case/stdout")" = new ] || { echo "FAIL: stdout not rewritten"; fail=1; }
[ ! -e "$tmp/case/status" ] || { echo "FAIL: a status file appeared"; fail=1; }

# status moved 0 -> 1: HZ_UPDATE=1 refuses and changes nothing
make_case 1
if run 1; then echo "FAIL: HZ_UPDATE=1 passed a case whose exit status changed"; fail=1; fi
grep -q 'HZ_UPDATE=status' "$tmp/log" || { echo "FAIL: the refusal does not name HZ_UPDATE=status"; fail=1; }
[ "$(cat "$tmp/case/stdout")" = old ] || { echo "FAIL: stdout rewritten though the status changed"; fail=1; }
[ ! -e "$tmp/case/status" ] || { echo "FAIL: status written by HZ_UPDATE=1"; fail=1; }

# HZ_UPDATE=status rewrites both
run status || { echo "FAIL: HZ_UPDATE=status did not update"; fail=1; }
[ "$(cat "$tmp/case/status" 2>/dev/null)" = 1 ] || { echo "FAIL: status not rewritten to 1"; fail=1; }
[ "$(cat "$tmp/case/stdout")" = new ] || { echo "FAIL: stdout not rewritten by HZ_UPDATE=status"; fail=1; }

# and a case that passes is left alone
run 1 || { echo "FAIL: the updated case does not pass"; fail=1; }
[ $fail = 0 ] && echo "golden-update: ok"
exit $fail
