#!/bin/bash
# add-kill-batches.sh - hz-add - batches killed at random moments (issue 10, F03)
#
# WRITERS batches of RECORDS records each are added to one register at
# once, again and again, each killed with SIGKILL after a random delay, for
# SECONDS seconds. Afterwards the register must hold only whole records
# (hz-validate reads every row without a syntax finding and each row has
# the header's cells), every id a run printed must be in it, and no id
# twice. Small figures by default (CI); the full figure of hz-add(1):
#	WRITERS=8 RECORDS=20000 SECONDS_=60 DELAY_MS=6000 add-kill-batches.sh BUILD_DIR
set -u
WRITERS=${WRITERS:-4}
RECORDS=${RECORDS:-2000}
SECONDS_=${SECONDS_:-8}
DELAY_MS=${DELAY_MS:-950}      # kill after 50 ms .. DELAY_MS
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2

hdr='专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金,应急预案'
{
	echo "$hdr"
	for ((i = 1; i <= RECORDS; i++)); do
		echo "消防,通道堆物 $i,县区,清理,2023-06-01,2023-06-30,某单位,未整改,部门检查,否,王五,0.5,是"
	done
} >batch.csv
hz-add -q -f reg.csv --today 2023-07-01 专题领域=消防 重大隐患=first 涉及层面=县区 整改措施=清理 \
	检查日期=2023-06-01 计划整改时限=2023-06-30 责任单位=某 整改阶段=未整改 隐患来源=部门检查 \
	挂牌督办=否 责任人=王五 整改资金=0 应急预案=是 >printed || exit 2

runs=0 killed=0
end=$((SECONDS + SECONDS_))
while ((SECONDS < end)); do
	pids=()
	for ((w = 0; w < WRITERS; w++)); do
		hz-add -q -f reg.csv --today 2023-07-01 - <batch.csv >"out.$w" 2>/dev/null &
		pids+=($!)
	done
	ms=$((RANDOM % (DELAY_MS - 50) + 50))
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	for p in "${pids[@]}"; do
		kill -9 "$p" 2>/dev/null
	done 2>/dev/null
	for ((w = 0; w < WRITERS; w++)); do
		wait "${pids[$w]}" 2>/dev/null
		[ $? = 137 ] && killed=$((killed + 1))
		# a kill while printing may cut the last id: whole lines only
		if [ -n "$(tail -c1 "out.$w")" ]; then
			sed '$d' "out.$w" >>printed
		else
			cat "out.$w" >>printed
		fi
		runs=$((runs + 1))
	done
done

fail=0
# whole records only: every row reads, none short of cells
if ! hz-validate -q --today 2023-07-01 --diagnostics json reg.csv 2>findings.json; then
	if grep -q '"rule":"\(csv-syntax\|too-many-cells\|cell-too-long\)"' findings.json; then
		echo "add-kill-batches: torn rows:"; head -3 findings.json; fail=1
	fi
fi
awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { exit bad > 0 }' reg.csv ||
	{ echo "add-kill-batches: rows short of cells"; fail=1; }
cut -d, -f1 reg.csv | tail -n +2 | sort -n >ids
[ -z "$(uniq -d ids)" ] || { echo "add-kill-batches: an id is there twice"; fail=1; }
sort -n printed | uniq -d | grep -q . && { echo "add-kill-batches: an id printed twice"; fail=1; }
missing=$(comm -23 <(sort printed) <(sort ids) | wc -l)
[ "$missing" = 0 ] || { echo "add-kill-batches: $missing printed ids are not in the register"; fail=1; }
echo "add-kill-batches: $runs runs of $RECORDS records by $WRITERS writers over ${SECONDS_}s, $killed killed;" \
	"$(wc -l <ids) records, $(wc -l <printed) ids printed, all present, none twice; $(du -h reg.csv | cut -f1)"
exit $fail
