#!/bin/sh
# The main job on the examples, with fixed dates so the output is stable:
# check the register against the work plan's rules.
# usage: sh examples/main-job.sh BUILD_DIR
set -u
bin=${1:-build}
here=$(dirname "$0")
echo "== hz-validate: 公园社区's register, as of 2023-07-31 =="
"$bin/hz-validate" --today 2023-07-31 --roster "$here/roster.csv" \
	"$here/register.csv" "$here/checks.csv" "$here/activities.csv"
status=$?
# findings are the point of this run: exit 1 (errors found) is not a failure
[ $status -le 1 ]
