#!/usr/bin/env bash
# hz-alert end to end: a fake --to command records each call's stdin and
# subject; it must be called once with the right text when something is
# overdue, and not at all when nothing is.
# usage: bash alert.sh BUILD_DIR SRC_DIR
set -u
build=$1 src=$2
data=$src/tests/cli/hz-overdue/_data
[ -x "$build/hz-alert" ] && [ -x "$build/hz-overdue" ] || { echo "no hz-alert in $build"; exit 77; }
export LC_ALL=C.UTF-8 TZ=UTC
unset HZ_TODAY
# Only the tools beside the script: PATH holds none of them.
export PATH=/usr/bin:/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# The fake sender: call N leaves call.N (its stdin) and subject.N.
cat >"$work/send" <<'EOF'
#!/bin/sh
n=$(ls "$REC" | grep -c '^call\.')
cat >"$REC/call.$n"
printf '%s\n' "$HZ_ALERT_SUBJECT" >"$REC/subject.$n"
exit "${SEND_STATUS:-0}"
EOF
chmod +x "$work/send"

calls() {
	ls "$REC" | grep -c '^call\.'
}

fresh() {
	REC=$work/rec.$1
	mkdir -p "$REC"
	export REC
}

expected="超期 1 项，临期 1 项（截至 2023-07-01）

#3 [燃气] 某某饭店：液化气钢瓶与灶具未分隔 — 临期，还剩 3 天（时限 2023-07-04，责任人 李四）
#12 [消防] 某某酒店：疏散通道堆放杂物 — 超期 1 天（时限 2023-06-30，责任人 张三）"

# 1. Something overdue: one call, the right text and subject, nothing printed.
fresh found
out=$("$build/hz-alert" --as-of 2023-07-01 --to "$work/send" "$data/reg.csv" 2>"$work/err")
st=$?
[ $st -eq 0 ] || fail "found: exit $st, expected 0: $(cat "$work/err")"
[ -z "$out" ] || fail "found: printed '$out' although --to was given"
[ "$(calls)" -eq 1 ] || fail "found: sender called $(calls) times, expected once"
[ "$(cat "$REC/call.0" 2>/dev/null)" = "$expected" ] ||
	fail "found: sent text differs: $(diff <(printf '%s\n' "$expected") "$REC/call.0")"
[ "$(cat "$REC/subject.0" 2>/dev/null)" = "超期 1 项，临期 1 项（截至 2023-07-01）" ] ||
	fail "found: subject is '$(cat "$REC/subject.0" 2>/dev/null)'"

# 2. Nothing overdue or due soon: the sender is never called, nothing printed.
fresh none
out=$("$build/hz-alert" --as-of 2023-07-01 --to "$work/send" "$data/done.csv" 2>"$work/err")
st=$?
[ $st -eq 0 ] || fail "none: exit $st, expected 0"
[ "$(calls)" -eq 0 ] || fail "none: sender called $(calls) times, expected never"
[ -z "$out" ] || fail "none: printed '$out'"
out=$("$build/hz-alert" --as-of 2023-06-01 "$data/reg.csv" 2>"$work/err")
[ -z "$out" ] || fail "none: printed '$out' before anything was due"

# 3. Without --to the alert is printed; HZ_TODAY fixes the day.
out=$(HZ_TODAY=2023-07-01 "$build/hz-alert" "$data/reg.csv")
st=$?
[ $st -eq 0 ] || fail "print: exit $st"
[ "$out" = "$expected" ] || fail "print: printed text differs: $out"

# 4. --within: 0 leaves the one due in 3 days out.
out=$("$build/hz-alert" --as-of 2023-07-01 --within 0 "$data/reg.csv")
[ "$(printf '%s\n' "$out" | head -n 1)" = "超期 1 项，临期 0 项（截至 2023-07-01）" ] ||
	fail "within 0: subject is '$(printf '%s\n' "$out" | head -n 1)'"
[ "$(printf '%s\n' "$out" | grep -c '临期，')" -eq 0 ] || fail "within 0: a due-soon line was sent"

# 5. A sender that fails: exit 1 and a message.
fresh failing
SEND_STATUS=3 "$build/hz-alert" --as-of 2023-07-01 --to "$work/send" "$data/reg.csv" 2>"$work/err"
st=$?
[ $st -eq 1 ] || fail "failing sender: exit $st, expected 1"
grep -q 'sending failed' "$work/err" || fail "failing sender: no message: $(cat "$work/err")"
[ "$(calls)" -eq 1 ] || fail "failing sender: called $(calls) times"

# 6. An unreadable input: what the others hold is still sent, exit 2.
fresh unreadable
"$build/hz-alert" --as-of 2023-07-01 --to "$work/send" "$data/reg.csv" "$work/missing.csv" 2>"$work/err"
st=$?
[ $st -eq 2 ] || fail "unreadable: exit $st, expected 2"
grep -q 'missing.csv' "$work/err" || fail "unreadable: the file is not named: $(cat "$work/err")"
[ "$(calls)" -eq 1 ] || fail "unreadable: sender called $(calls) times, expected once"

# 7. --to with a shell command line, as in the man page (mail -s "$HZ_ALERT_SUBJECT").
fresh shell
"$build/hz-alert" --as-of 2023-07-01 --to 'cat >"$REC/body"; printf "%s" "$HZ_ALERT_SUBJECT" >"$REC/subj"' \
	"$data/reg.csv" || fail "shell --to: exit $?"
[ "$(cat "$REC/subj" 2>/dev/null)" = "超期 1 项，临期 1 项（截至 2023-07-01）" ] || fail "shell --to: subject"

# 8. Usage: --help, unknown options, a bad --within.
"$build/hz-alert" --help | grep -q -- '--to COMMAND' || fail "--help does not list --to"
"$build/hz-alert" --bogus "$data/reg.csv" 2>/dev/null
[ $? -eq 2 ] || fail "unknown option: not exit 2"
"$build/hz-alert" --within soon "$data/reg.csv" 2>/dev/null
[ $? -eq 2 ] || fail "bad --within: not exit 2"

[ $fails -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "alert.sh: all passed"
