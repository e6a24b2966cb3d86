#!/bin/bash
# promises.sh - the write and pipe promises of every tool, each checked
# directly: a full disk (/dev/full) on every output a tool writes, for every
# format and option that writes (exit 2 and a message); a closed pipe
# downstream with SIGPIPE at its default and ignored (the tool ends, and
# quietly); a closed stdout and a closed stdin (exit 2 and a message).
# usage: promises.sh BUILD_DIR SRC_DIR
# Promises known to be broken are listed in KNOWN below with the defect that
# breaks them: they are reported, and fail the test once they pass (so the
# list is kept true), unless the cause starts with "sometimes" (a race).
set -u
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
export PATH="$build:$PATH" LC_ALL=C.UTF-8 HZ_TODAY=2023-07-01
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# Promises known to be broken, with the defect (issue 10) that breaks them.
declare -A KNOWN=()

fails=0 known=0 checked=0
result() {   # NAME OK(0/1) WHY
	checked=$((checked + 1))
	if [ "$2" = 0 ]; then
		if [ -n "${KNOWN[$1]:-}" ] && [ "${KNOWN[$1]#sometimes}" = "${KNOWN[$1]}" ]; then
			echo "FIXED (remove from KNOWN): $1"
			fails=$((fails + 1))
		fi
	elif [ -n "${KNOWN[$1]:-}" ]; then
		echo "known broken: $1: $3 (${KNOWN[$1]})"
		known=$((known + 1))
	else
		echo "FAIL: $1: $3"
		fails=$((fails + 1))
	fi
}

cp "$src/tests/cli/hz-add/_data/reg.csv" reg.csv
cp "$src"/tests/cli/hz-tally/data/*.csv .
cp "$src/tests/cli/hz-tally/merge/park.json" park.json
cp "$src/examples/roster.csv" "$src/examples/duties.csv" .
cp "$src/examples/checks.csv" duty-checks.csv
due="hz-due -q --roster roster.csv --today 2023-07-31"
hz-fmt -q -o jsonl reg.csv >reg.jsonl
header=$(head -n 1 reg.csv)
# An endless register: distinct ids and hazards, every one overdue.
endless() {
	printf '%s\n' "$header"
	seq 3 1000000000 | sed 's/.*/&,消防,通道堵塞&,县区,清理,2023-05-01,2023-05-10,某酒店&,未整改,,,,,部门检查,否,张三,0.1,是/'
}

# ---- a full disk: exit 2 and a message, for every output ----
# --output FILE is given a link to /dev/full, never /dev/full itself: a tool
# that renames a finished file over FILE would replace the device node
# (as root) for every process on the machine.
full() {   # NAME COMMAND [STATUS] (stdout to /dev/full unless it redirects)
	local name=$1 cmd=$2 want=${3:-2} st
	bash -c "$cmd" >/dev/full 2>err </dev/null
	st=$?
	if [ $st -ne "$want" ]; then
		result "full: $name" 1 "exit $st, not $want"
	elif [ ! -s err ]; then
		result "full: $name" 1 "exit 2 without a message"
	else
		result "full: $name" 0
	fi
}
for f in csv tsv jsonl json table xlsx; do
	full "hz-fmt -o $f" "hz-fmt -q -o $f reg.csv"
	ln -sf /dev/full "out.$f"
	full "hz-fmt -o $f --output" "hz-fmt -q -o $f --output out.$f reg.csv >/dev/null"
done
for f in csv tsv jsonl json table; do
	full "hz-validate --filter -o $f" "hz-validate -q --filter -o $f reg.csv"
done
full "hz-validate --filter --reject /dev/full" \
	"hz-validate -q --filter --reject /dev/full --today 2023-05-27 reg.csv >/dev/null"
for f in csv jsonl json table text; do
	full "hz-overdue -o $f" "hz-overdue --as-of 2023-07-01 -o $f reg.csv"
done
full "hz-tally --excel -o csv" "hz-tally -q --month 2023-06 --excel -o csv register.csv"
for f in table csv json xlsx; do
	full "hz-tally -o $f" "hz-tally -q --month 2023-06 -o $f register.csv checks.csv activities.csv"
	ln -sf /dev/full "tally.$f"
	full "hz-tally -o $f --output" "hz-tally -q --month 2023-06 -o $f --output tally.$f register.csv >/dev/null"
	full "hz-tally --by reporter -o $f" "hz-tally -q --month 2023-06 --by reporter --total -o $f register.csv"
	full "hz-tally --merge -o $f" "hz-tally -q --merge -o $f park.json"
done
for f in text table csv jsonl; do
	full "hz-due -o $f" "$due -o $f duties.csv duty-checks.csv"
done
full "hz-due --print-schedule" "hz-due --print-schedule"
full "hz-add (the new id)" "cp reg.csv add.csv && hz-add -f add.csv 专题领域=消防 重大隐患=通道堵塞 涉及层面=县区 整改措施=清理 检查日期=2023-06-02 计划整改时限=2023-06-20 责任单位=某某小区 整改阶段=未整改 责任人=王五 整改资金=0 应急预案=是"
full "hz-add - (the new ids)" "cp reg.csv add2.csv && hz-fmt -q -o jsonl reg.csv | sed 's/\"id\":[0-9]*,//' | hz-add -f add2.csv -"
for t in hz hz-validate hz-tally hz-overdue hz-fmt hz-add hz-progress hz-edit hz-due hz-alert hz-month-end; do
	full "$t --help" "$t --help"
	case $t in hz-alert | hz-month-end) ;; *) full "$t --version" "$t --version" ;; esac
done
full "hz help" "hz help"
# hz-alert(1): printing is its delivery, and delivery failing is exit 1.
full "hz-alert (the alert printed)" "hz-alert --as-of 2023-07-01 reg.csv" 1

# ---- a closed pipe downstream: the tool ends, quietly ----
# SIGPIPE at its default (killed by it: 141) and
# ignored, as Python's subprocess leaves it (then it must stop at EPIPE and
# say nothing; the reader wanted no more, so 0 is as good as 2). An endless input shows that it
# stops (a working tool stops at once; timeout(1) ends it with 124). -o table
# waits for every record to align them, so it gets a finite input; a finite
# output meets a pipe whose reader has already gone.
pipe() {   # NAME SIG(default|ignore) ENDLESS(0/1) COMMAND
	local name="pipe ($2 SIGPIPE): $1" cmd=$4 st ign=
	[ "$2" = ignore ] && ign="env --ignore-signal=PIPE"
	if [ "$3" = 1 ]; then
		{ endless | { timeout 10 $ign bash -c "$cmd" 2>err; echo $? >status; }; } | head -c 100 >/dev/null
	else
		# the reader is gone before the tool writes: EPIPE on its first write
		{ sleep 1; timeout 10 $ign bash -c "$cmd" 2>err; echo $? >status; } | true
	fi
	st=$(cat status)
	# hz-overdue's -q is grep's (no output at all): its summary is no message
	sed -i '/^hz-overdue: [0-9]* overdue/d' err
	if [ "$st" = 124 ]; then
		result "$name" 1 "did not stop at the closed pipe (killed after 10 s)"
	elif [ -s err ]; then
		result "$name" 1 "not quiet: $(head -c 200 err)"
	elif [ "$st" != 0 ] && [ "$st" != 141 ] && [ "$st" != 2 ]; then
		result "$name" 1 "exit $st"
	else
		result "$name" 0
	fi
}
for sig in default ignore; do
	for f in csv jsonl; do
		pipe "hz-fmt -o $f" $sig 1 "exec hz-fmt -q -o $f -i csv"
	done
	pipe "hz-fmt -o table" $sig 0 "exec hz-fmt -q -o table register.csv"
	pipe "hz-validate --filter" $sig 1 "exec hz-validate -q --filter -i csv"
	pipe "hz-overdue" $sig 1 "exec hz-overdue --as-of 2023-07-01 -i csv"
	pipe "hz-overdue -o text" $sig 1 "exec hz-overdue --as-of 2023-07-01 -o text -i csv"
	pipe "hz-tally" $sig 0 "exec hz-tally -q --month 2023-06 register.csv checks.csv activities.csv"
	pipe "hz-due" $sig 0 "exec $due duties.csv duty-checks.csv"
	pipe "hz-alert" $sig 0 "exec hz-alert --as-of 2023-07-01 reg.csv"
	pipe "hz-fmt --help" $sig 0 "exec hz-fmt --help"
done

# ---- a closed stdout, a closed stdin: exit 2 and a message ----
closed() {   # NAME REDIRECTION COMMAND
	local name="closed $2: $1" st
	bash -c "exec $2; $3" 2>err </dev/null >/dev/null
	st=$?
	if [ $st -ne 2 ]; then
		result "$name" 1 "exit $st, not 2"
	elif [ ! -s err ]; then
		result "$name" 1 "exit 2 without a message"
	else
		result "$name" 0
	fi
}
closed "hz-fmt" ">&-" "hz-fmt -q reg.csv"
closed "hz-validate --filter" ">&-" "hz-validate -q --filter reg.csv"
closed "hz-overdue" ">&-" "hz-overdue --as-of 2023-07-01 reg.csv"
closed "hz-tally" ">&-" "hz-tally -q --month 2023-06 register.csv"
closed "hz-due" ">&-" "$due duties.csv duty-checks.csv"
closed "hz-fmt --help" ">&-" "hz-fmt --help"
# --reject's file must not become the standard output.
# (on 2023-07-01 record 1 is valid: it must not be in the reject file)
closed "hz-validate --filter --reject" ">&-" "hz-validate -q --filter --reject rej.csv --today 2023-07-01 reg.csv"
if [ -f rej.csv ] && grep -q '^1,' rej.csv; then
	result "closed >&-: hz-validate --reject gets no accepted record" 1 "the valid record 1 went into the reject file"
else
	result "closed >&-: hz-validate --reject gets no accepted record" 0
fi
for t in "hz-fmt -q" "hz-validate -q" "hz-overdue --as-of 2023-07-01" "hz-tally -q --month 2023-06" "hz-tally -q --merge"; do
	closed "$t" "<&-" "$t"
done
closed "hz-add -" "<&-" "cp reg.csv add3.csv && hz-add -f add3.csv -"
closed "hz-due" "<&-" "$due"

if [ ! -c /dev/full ]; then
	echo "FAIL: /dev/full is no longer a device: a tool replaced it"
	fails=$((fails + 1))
fi
echo "promises.sh: $checked promises checked: $fails failed, $known known broken"
[ $fails -eq 0 ]
