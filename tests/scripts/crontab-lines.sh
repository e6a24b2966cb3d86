#!/usr/bin/env bash
# The crontab lines printed in the man pages and examples/crontab are run
# as written, as cron would (sh -c in $HOME, PATH=/usr/bin:/bin, and the
# crontab's own NAME=VALUE lines: LANG=zh_CN.UTF-8), with the installation
# prefix /usr/local standing for a scratch folder, the day fixed through
# HZ_TODAY and a fake mail(1) and curl(1) that record how they were called.
# A line that names a tool without its path fails, as it would under cron.
# hz-alert's three --to forms each deliver the alert: mail, the group
# robot (curl, the URL from $HOME/.hz-robot) and the dated file.
# usage: bash crontab-lines.sh BUILD_DIR SRC_DIR
set -u
build=$1 src=$2
for t in hz-alert hz-month-end hz-overdue hz-tally hz-validate; do
	[ -x "$build/$t" ] || { echo "no $t in $build"; exit 77; }
done
for f in register.csv checks.csv activities.csv; do
	[ -f "$src/examples/$f" ] || { echo "no examples/$f"; exit 77; }
done
export LC_ALL=C.UTF-8 TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# The crontab lines of a page: in its literal displays, five time fields
# then a command. Roff escapes are undone.
cron_lines() {
	awk '
		/^\.Bd/ && /-literal/ { lit = 1; next }
		/^\.Ed/ { lit = 0; next }
		lit && /^[0-9*][0-9*,\/-]*[ \t]+[0-9*][0-9*,\/-]*[ \t]+[0-9*][0-9*,\/-]*[ \t]+[0-9*][0-9*,\/-]*[ \t]+[0-9*][0-9*,\/-]*[ \t]+[^ \t]/
	' "$1" | sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g"
}

# The NAME=VALUE lines of a page's literal displays, or of a crontab.
env_lines() {
	case $1 in
	*.1) awk '/^\.Bd/ && /-literal/ { lit = 1; next } /^\.Ed/ { lit = 0; next }
		lit && /^[A-Z_][A-Z_0-9]*=/' "$1" ;;
	*) grep -E '^[A-Z_][A-Z_0-9]*=' "$1" ;;
	esac
}

# The command of a crontab line: what follows the five time fields.
command_of() {
	printf '%s\n' "$1" | sed -E 's/^([^ \t]+[ \t]+){5}//'
}

# An installation: the tools in one folder on PATH, and a fake mail.
mkdir -p "$work/bin" "$work/fake"
cp "$build"/hz-* "$work/bin/"
cat >"$work/fake/mail" <<'EOF'
#!/bin/sh
n=$(ls "$MAILBOX" | grep -c '^args\.')
printf '%s\n' "$@" >"$MAILBOX/args.$n"
cat >"$MAILBOX/body.$n"
EOF
# curl: the body, the arguments, the -K config (where the URL is); a robot's answer
cat >"$work/fake/curl" <<'EOF'
#!/bin/sh
n=$(ls "$MAILBOX" | grep -c '^curl\.')
printf '%s\n' "$@" >"$MAILBOX/curl.$n"
prev=
for a in "$@"; do
	[ "$prev" = -K ] && cp "$a" "$MAILBOX/curlrc.$n"
	prev=$a
done
cat >"$MAILBOX/post.$n"
printf '%s' '{"errcode":0,"errmsg":"ok"}'
EOF
chmod +x "$work/fake/mail" "$work/fake/curl"
[ -d "$build/locale" ] && cp -R "$build/locale" "$work/bin/"   # the messages beside the tools

run_line() {   # page line: run as cron would, in a fresh $HOME with the examples
	home=$work/home.$2
	mkdir -p "$home/hz" "$home/mailbox"
	cp "$src"/examples/register.csv "$src"/examples/checks.csv "$src"/examples/activities.csv "$home/hz/"
	echo 'https://oapi.dingtalk.com/robot/send?access_token=secret0123' >"$home/.hz-robot"
	(
		cd "$home" || exit 99
		# shellcheck disable=SC2086
		env -i HOME="$home" LOGNAME=hz SHELL=/bin/sh TZ=UTC $3 \
			PATH="$work/fake:/usr/bin:/bin" HZ_TODAY=2023-07-01 \
			MAILBOX="$home/mailbox" /bin/sh -c "$(command_of "$1" | sed "s|/usr/local/bin/|$work/bin/|g")"
	) >"$home/stdout" 2>"$home/stderr"
	echo $? >"$home/status"
}

n=0
for page in "$src"/man/hz-alert.1 "$src"/man/hz-month-end.1 "$src"/examples/crontab; do
	case $page in
	*.1) lines=$(cron_lines "$page") ;;
	*) lines=$(grep -E '^[0-9*]' "$page") ;;
	esac
	[ -n "$lines" ] || { fail "$(basename "$page"): no crontab line"; continue; }
	envs=$(env_lines "$page" | tr '\n' ' ')
	case $page in
	*hz-alert.1 | */crontab)
		case " $envs" in *" LANG=zh_CN.UTF-8 "*) ;; *)
			fail "$(basename "$page"): the crontab sets no LANG=zh_CN.UTF-8 (cron mail in English)" ;;
		esac ;;
	esac
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in *%*) fail "$(basename "$page"): '%' in a crontab line means newline: $line" ;; esac
		run_line "$line" "$n" "$envs"
		home=$work/home.$n
		st=$(cat "$home/status")
		case $line in
		*hz-alert*)
			[ "$st" -eq 0 ] || fail "hz-alert line exited $st: $(cat "$home/stderr")"
			# under LANG=zh_CN.UTF-8 what cron mails (hz-overdue's finding
			# about the register's 2023-06-31) is Chinese
			case " $envs" in *" LANG=zh_CN.UTF-8 "*)
				grep -q '不是有效日期' "$home/stderr" ||
					fail "hz-alert line: stderr not in Chinese: $(cat "$home/stderr")" ;;
			esac
			# The count in the subject is hz-overdue's own.
			overdue=$(cd "$home/hz" && "$work/bin/hz-overdue" --as-of 2023-07-01 --within 7 \
				-o text register.csv 2>/dev/null | grep -c ' — 超期 ')
			soon=$(cd "$home/hz" && "$work/bin/hz-overdue" --as-of 2023-07-01 --within 7 \
				-o text register.csv 2>/dev/null | grep -c ' — 临期')
			subject="超期 $overdue 项，临期 $soon 项（截至 2023-07-01）"
			[ $((overdue + soon)) -gt 0 ] || fail "hz-alert line: the examples have nothing overdue on 2023-07-01"
			case $line in
			*"--to 'mail "*)
				calls=$(ls "$home/mailbox" | grep -c '^args\.')
				[ "$calls" -eq 1 ] || { fail "hz-alert line: mail called $calls times"; continue; }
				[ "$(sed -n 2p "$home/mailbox/args.0")" = "$subject" ] ||
					fail "hz-alert line: mail -s '$(sed -n 2p "$home/mailbox/args.0")', expected '$subject'"
				body=$home/mailbox/body.0 ;;
			*"--to robot:"*)
				calls=$(ls "$home/mailbox" | grep -c '^curl\.')
				[ "$calls" -eq 1 ] || { fail "hz-alert line: curl called $calls times"; continue; }
				grep -q secret0123 "$home/mailbox/curl.0" && fail "hz-alert line: the URL on curl's command line"
				grep -q secret0123 "$home/mailbox/curlrc.0" || fail "hz-alert line: curl not given the URL"
				case $line in *secret0123* | *http*) fail "hz-alert line: a webhook URL in the crontab" ;; esac
				python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["text"]["content"])' \
					"$home/mailbox/post.0" >"$home/robot.txt" || fail "hz-alert line: the robot's body is not JSON"
				body=$home/robot.txt ;;
			*"--to dir:"*)
				body=$(ls "$home"/hz/alerts/2023-07-01.txt 2>/dev/null)
				[ -n "$body" ] || { fail "hz-alert line: no alerts/2023-07-01.txt"; continue; } ;;
			*)
				fail "hz-alert line: not one of the three --to forms: $line"; continue ;;
			esac
			[ "$(head -n 1 "$body")" = "$subject" ] ||
				fail "hz-alert line: the alert does not start with the subject"
			[ "$(grep -c ' — ' "$body")" -eq $((overdue + soon)) ] ||
				fail "hz-alert line: not one line a hazard"
			;;
		*hz-month-end*)
			case $st in 0|1) ;; *) fail "hz-month-end line exited $st: $(cat "$home/stderr")" ;; esac
			for f in 合计.csv 合计.txt 合计.json; do
				[ -s "$home/hz/reports/2023-06/$f" ] || fail "hz-month-end line: no reports/2023-06/$f"
			done
			grep -q '^合计,2023-06-30,1\.1,' "$home/hz/reports/2023-06/合计.csv" ||
				fail "hz-month-end line: 合计.csv is not the report as of 2023-06-30"
			;;
		*)
			fail "a crontab line of $(basename "$page") runs neither tool: $line" ;;
		esac
	done <<<"$lines"
done
[ $n -ge 8 ] || fail "expected the crontab lines of hz-alert(1), hz-month-end(1) and examples/crontab, found $n"

[ $fails -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "crontab-lines.sh: $n crontab lines ran as written"
