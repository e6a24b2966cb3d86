#!/bin/sh
# The main job on the shipped examples, with fixed dates so the output is
# stable: what an office runs from cron, done once by hand.
#   1. check the register, spot checks and activities against the rules;
#   2. write June 2023's 调度表 for each community and their 合计;
#   3. the overdue and due-soon alerts of the morning of 3 July 2023;
#   4. the duties of the plan (section 四(一)) that the roster's enterprises
#      have missed, as of 31 July 2023.
# usage: sh examples/main-job.sh BUILD_DIR
set -u
bin=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
PATH="$bin:$PATH"
export PATH
cd "$here"

echo "== 1. hz-validate: the register, spot checks and activities (today: 2023-07-31) =="
hz-validate --today 2023-07-31 --roster roster.csv register.csv checks.csv activities.csv duties.csv
[ $? -le 1 ] || exit 2      # findings are the point here; only a failure stops the job

echo
echo "== 2. hz-month-end: the 调度表 for 2023-06, into $bin/reports/2023-06/ =="
hz-month-end -q --month 2023-06 --today 2023-07-01 --out "$bin/reports" --force \
	register.csv checks.csv activities.csv 2>/dev/null
[ $? -le 1 ] || exit 2      # 1: written, with the findings above in 校验.txt
ls "$bin/reports/2023-06"
cat "$bin/reports/2023-06/合计.txt"

echo
echo "== 3. hz-alert: overdue and due within 7 days, on the morning of 2023-07-03 =="
hz-alert --today 2023-07-03 register.csv
[ $? -le 1 ] || exit 2

echo
echo "== 4. hz-due: the duties of the plan missed or due within 7 days, as of 2023-07-31 =="
hz-due --roster roster.csv --today 2023-07-31 --within 7 duties.csv checks.csv
[ $? -le 1 ] || exit 2
