#!/usr/bin/env bash
# hz-alert over several communities' registers (tools.md, "Scripts in
# bin/"): each line names its unit ([公园社区]) when the inputs hold more
# than one reporter, and not when they hold one; the same (reporter, id)
# listed by two inputs is one line; and the three --to forms, each with a
# stub first on PATH that records what it got: mail (a command), a
# 企业微信/钉钉 group robot through curl (the JSON body built by the
# script, the webhook URL read from a file and never on curl's command
# line), and a dated file in a folder.
# usage: bash alert-units.sh BUILD_DIR SRC_DIR
set -u
build=$1 src=$2
[ -x "$build/hz-alert" ] && [ -x "$build/hz-overdue" ] || { echo "no hz-alert in $build"; exit 77; }
command -v python3 >/dev/null || { echo "alert-units: python3 not found; skipped"; exit 77; }
data=$src/tests/cli/hz-overdue/table-two-registers
export LC_ALL=C.UTF-8 TZ=UTC
unset HZ_TODAY
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp"
export TMPDIR=$work/tmp     # hz-alert's temporary files, the URL's among them
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# Stubs: each call N leaves args.N (one argument a line) and stdin.N; curl
# also keeps the config file it was given with -K, and answers as a robot.
mkdir -p "$work/stub"
for t in mail curl; do
	cat >"$work/stub/$t" <<'EOF'
#!/bin/sh
n=$(ls "$REC" | grep -c '^args\.')
printf '%s\n' "$@" >"$REC/args.$n"
prev=
for a in "$@"; do
	[ "$prev" = -K ] && cp "$a" "$REC/config.$n"
	prev=$a
done
cat >"$REC/stdin.$n"
if [ "${0##*/}" = curl ]; then
	if [ -n "${ANSWER:-}" ]; then printf '%s' "$ANSWER"; else printf '%s' '{"errcode":0,"errmsg":"ok"}'; fi
fi
exit 0
EOF
	chmod +x "$work/stub/$t"
done
export PATH="$work/stub:$PATH"
fresh() {
	REC=$work/rec.$1
	mkdir -p "$REC"
	export REC
}
calls() {
	ls "$REC" | grep -c '^args\.'
}

two="超期 4 项，临期 0 项（截至 2023-07-01）

[公园社区] #1 [消防] 某某酒店：安全出口上锁 — 超期 11 天（时限 2023-06-20，责任人 张三）
[公园社区] #2 [燃气] 某某饭店：未安装报警器 — 超期 6 天（时限 2023-06-25，责任人 李四）
[河东社区] #1 [消防] 河东宾馆：消防通道堆放杂物 — 超期 21 天（时限 2023-06-10，责任人 未填）
[河东社区] #2 [消防] 河东超市：灭火器过期 — 超期 19 天（时限 2023-06-12，责任人 未填）"
one="超期 2 项，临期 0 项（截至 2023-07-01）

#1 [消防] 某某酒店：安全出口上锁 — 超期 11 天（时限 2023-06-20，责任人 张三）
#2 [燃气] 某某饭店：未安装报警器 — 超期 6 天（时限 2023-06-25，责任人 李四）"

# 1. Two communities: unit names; a's hazards listed again by a copy of a
# (the street's database holding them too) are not repeated.
cp "$data/a.csv" "$work/street.csv"
out=$("$build/hz-alert" --as-of 2023-07-01 "$data/a.csv" "$data/b.csv" "$work/street.csv")
[ "$out" = "$two" ] || fail "two units: $(diff <(printf '%s\n' "$two") <(printf '%s\n' "$out"))"
# 序号 07 is 7: the same hazard
sed 's/^2,/02,/' "$data/a.csv" >"$work/a-02.csv"
out=$("$build/hz-alert" --as-of 2023-07-01 "$data/a.csv" "$work/a-02.csv" "$data/b.csv")
[ "$out" = "$two" ] || fail "序号 02 is 2: $(printf '%s\n' "$out" | head -3)"
# 2. One community, twice: no unit names, each hazard once.
out=$("$build/hz-alert" --as-of 2023-07-01 "$data/a.csv" "$work/street.csv")
[ "$out" = "$one" ] || fail "one unit: $(diff <(printf '%s\n' "$one") <(printf '%s\n' "$out"))"
# 3. Two communities, only one with something overdue: still named.
out=$("$build/hz-alert" --as-of 2023-06-22 --within 0 "$data/a.csv" "$data/b.csv" | sed -n 3p)
case $out in '[公园社区] #1 '*) ;; *) fail "only one unit found: '$out' is not named" ;; esac

# 4. --to mail: the command, the subject in $HZ_ALERT_SUBJECT.
fresh mail
"$build/hz-alert" --as-of 2023-07-01 --to 'mail -s "$HZ_ALERT_SUBJECT" anquan@example.org' \
	"$data/a.csv" "$data/b.csv" || fail "mail: exit $?"
[ "$(calls)" -eq 1 ] || fail "mail: called $(calls) times"
[ "$(cat "$REC/args.0")" = "$(printf '%s\n' -s '超期 4 项，临期 0 项（截至 2023-07-01）' anquan@example.org)" ] ||
	fail "mail: arguments $(cat "$REC/args.0")"
[ "$(cat "$REC/stdin.0")" = "$two" ] || fail "mail: body differs"

# 5. --to robot:FILE: one curl call, the URL only in its config file, the
# body a robot's text message holding the alert.
fresh robot
url='https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0a1b2c3d-secret'
printf '%s\n' "$url" >"$work/robot.url"
"$build/hz-alert" --as-of 2023-07-01 --to "robot:$work/robot.url" "$data/a.csv" "$data/b.csv" \
	2>"$work/err" || fail "robot: exit $?: $(cat "$work/err")"
[ "$(calls)" -eq 1 ] || fail "robot: curl called $(calls) times"
grep -q 'secret' "$REC/args.0" && fail "robot: the webhook URL is on curl's command line"
[ "$(cat "$REC/config.0" 2>/dev/null)" = "url = \"$url\"" ] || fail "robot: config is '$(cat "$REC/config.0" 2>/dev/null)'"
grep -qx 'Content-Type: application/json' "$REC/args.0" || fail "robot: no JSON content type"
python3 - "$REC/stdin.0" "$two" <<'EOF' || fail "robot: the body is not the alert as a text message"
import json, sys
body = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if body == {"msgtype": "text", "text": {"content": sys.argv[2]}} else 1)
EOF
[ -z "$(ls -A "$TMPDIR")" ] || fail "robot: left in TMPDIR: $(ls -A "$TMPDIR")"
# a robot that refuses (a wrong key): exit 1, its answer said
ANSWER='{"errcode":93000,"errmsg":"invalid webhook url"}' "$build/hz-alert" --as-of 2023-07-01 \
	--to "robot:$work/robot.url" "$data/a.csv" 2>"$work/err"
[ $? -eq 1 ] || fail "robot refusing: not exit 1"
grep -q '93000' "$work/err" || fail "robot refusing: its answer is not said: $(cat "$work/err")"
# no URL file, or not a URL: a usage error before anything is read
"$build/hz-alert" --to "robot:$work/none.url" "$data/a.csv" 2>/dev/null
[ $? -eq 2 ] || fail "robot without its file: not exit 2"
echo 'key=abc' >"$work/bad.url"
"$build/hz-alert" --to "robot:$work/bad.url" "$data/a.csv" 2>/dev/null
[ $? -eq 2 ] || fail "robot with no URL in its file: not exit 2"

# 6. --to dir:FOLDER: FOLDER/DATE.txt holds the alert; nothing else there.
"$build/hz-alert" --as-of 2023-07-01 --to "dir:$work/alerts" "$data/a.csv" || fail "dir: exit $?"
[ "$(cat "$work/alerts/2023-07-01.txt" 2>/dev/null)" = "$one" ] || fail "dir: the dated file differs"
[ "$(ls -A "$work/alerts")" = 2023-07-01.txt ] || fail "dir: left $(ls -A "$work/alerts")"
# nothing to send: no file
"$build/hz-alert" --as-of 2023-06-01 --to "dir:$work/alerts" "$data/a.csv" || fail "dir, nothing: exit $?"
[ ! -e "$work/alerts/2023-06-01.txt" ] || fail "dir: a file written with nothing to send"

[ $fails -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "alert-units.sh: all passed"
