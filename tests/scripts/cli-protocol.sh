#!/usr/bin/env bash
# The protocol every tool and script shares (hz(1)): --help and --version
# exit 2 when the write fails (/dev/full), 0 otherwise; with SIGPIPE ignored
# by the parent a filter still stops quietly at a closed pipe; with stdout
# closed no file the tool opens takes fd 1.
# usage: bash cli-protocol.sh BUILD_DIR SRC_DIR
set -u
build=$1 src=$2
[ -x "$build/hz-validate" ] || { echo "no tools in $build"; exit 77; }
export LC_ALL=C.UTF-8 TZ=UTC PATH="$build:/usr/bin:/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# every verb of hz's own list (verbs-one-list.sh keeps the build to it)
for t in hz $(LC_ALL=C "$build/hz" help | awk '/^verbs:/ { v = 1; next } v && /^  [a-z]/ { print "hz-" $1 }'); do
	for opt in --help --version; do
		"$build/$t" $opt >/dev/null 2>&1
		st=$?
		[ $st -eq 0 ] || fail "$t $opt >/dev/null: status $st, want 0"
		"$build/$t" $opt >/dev/full 2>/dev/null
		st=$?
		[ $st -eq 2 ] || fail "$t $opt >/dev/full: status $st, want 2"
	done
done

# A register big enough that a filter which ignored EPIPE would go on long
# after head has gone.
reg=$work/big.jsonl
hz-fmt -q -o jsonl "$src/examples/register.csv" >"$work/one.jsonl"
for i in $(seq 1 2000); do cat "$work/one.jsonl"; done >"$reg"

# SIGPIPE ignored by the parent (as Python's subprocess does): the filter
# must end at the closed pipe quietly, not report a write error.
for cmd in "hz-fmt -q -o jsonl" "hz-validate -q --filter" "hz-overdue --as-of 2030-01-01"; do
	( trap '' PIPE; $cmd "$reg" 2>"$work/err" | head -c 1 >/dev/null; echo "${PIPESTATUS[0]}" >"$work/st" )
	st=$(cat "$work/st")
	! grep -q 'write error' "$work/err" || fail "$cmd | head with SIGPIPE ignored: $(grep 'write error' "$work/err")"
	[ "$st" -ne 0 ] || fail "$cmd | head with SIGPIPE ignored: exit 0 after the pipe closed"
done

# stdout closed: --reject's file must get only the rejected records (fd 1
# not reused), and the failed stdout is exit 2.
bad=$work/bad.csv
{ cat "$src/examples/register.csv"; printf '%s\n' "$(tail -n 1 "$src/examples/register.csv" | sed 's/^[0-9]*,/x,/')"; } >"$bad"
hz-validate -q --filter --reject "$work/rej.csv" "$bad" >&- 2>/dev/null
st=$?
[ $st -eq 2 ] || fail "hz-validate --filter >&-: status $st, want 2"
lines=$(wc -l <"$work/rej.csv")
hz-validate -q --filter --reject "$work/rej2.csv" "$bad" >/dev/null 2>&1
want=$(wc -l <"$work/rej2.csv")
[ "$lines" -eq "$want" ] || fail "hz-validate --filter >&-: --reject file has $lines lines, want $want (stdout went into it)"

[ $fails -eq 0 ] || exit 1
echo "ok"
