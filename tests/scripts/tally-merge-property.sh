#!/usr/bin/env bash
# tally(A ∪ B ∪ …) = merge(tally(A), tally(B), …) for every item but 4.6 and
# 4.7, and for skipped and unsourced, when the parts are a random split of the
# records by reporter (hz-tally(1) "Grouping and merging"). The data set is made
# here with awk: reporters with their own enterprises, hazards, checks and
# activities, some of them bad (skipped, some dropped whole by the reader)
# or without a source (unsourced).
# usage: tally-merge-property.sh BUILD_DIR SRC_DIR
set -u
build=$(cd "$1" && pwd) || exit 1
tally=$build/hz-tally
[ -x "$tally" ] || { echo "no $tally: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export LC_ALL=C.UTF-8

awk -v seed=20230630 '
function pick(n) { return int(rand() * n) }
function day(  m) {
	m = 5 + pick(3)
	return sprintf("2023-%02d-%02d", m, 1 + pick(m == 6 ? 30 : 31))
}
function amount() {
	if (pick(4) == 0) return pick(20)
	return sprintf("%d.%0" (1 + pick(4)) "d", pick(5), pick(10 ^ 4) % 10 ^ (1 + pick(4)))
}
BEGIN {
	srand(seed)
	split("企业自查 部门检查 企业自查 部门检查  来历不明", sources, " ")
	sources[5] = ""
	split("未整改 整改中 已整改 已销号", stages, " ")
	split("3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9 3.10 4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 4.10 行政处罚 9.9", items, " ")
	H = "hazards.csv"; C = "checks.csv"; A = "activities.csv"
	print "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,隐患来源,挂牌督办,填报单位" > H
	print "检查日期,企业名称,检查部门,主要负责人未研究,主要负责人未带队检查,未制定职责清单,未配足安全管理人员,无证上岗,外包外租管理混乱,未开展应急演练,填报单位" > C
	print "日期,事项,数量,金额（万元）,其中,对象,填报单位" > A
	nrep = 7
	for (i = 1; i <= 1500; i++) {
		r = "社区" pick(nrep)
		e = r "企业" pick(25)
		d = pick(40) == 0 ? "2023-06-31" : day()
		st = stages[1 + pick(4)]
		done = st == "已整改" || st == "已销号" ? (pick(5) ? day() : "") : ""
		if (pick(30) == 0) done = "不详"
		l = pick(4); listed = l == 0 ? "是" : l == 1 ? day() : "否"
		printf "%d,消防,隐患%d,县区,整改,%s,2023-08-31,%s,%s,%s,%s,%s,%s\n", i, i, d, e, st, done, sources[1 + pick(6)], listed, r > H
	}
	for (i = 1; i <= 1200; i++) {
		r = "社区" pick(nrep)
		row = (pick(50) == 0 ? "2023-13-01" : day()) "," r "企业" pick(25) ",城中区应急管理局"
		for (f = 0; f < 7; f++)
			row = row "," (pick(60) == 0 ? "也许" : pick(4) == 0 ? "是" : "否")
		print row "," r > C
	}
	for (i = 1; i <= 1500; i++) {
		r = "社区" pick(nrep)
		it = items[1 + pick(22)]
		n = pick(5) == 0 ? "" : pick(40) == 0 ? "x" : pick(6)
		if (it == "4.6" && n != "" && n != "x") n = pick(2)
		sb = ""
		if (it == "3.8") sb = pick(2)
		if (it == "4.5") sb = pick(3) ? "0.1" : ""
		amt = it == "3.3" || it == "行政处罚" || it == "4.5" ? (pick(10) ? amount() : "") : ""
		subj = it == "3.6" || it == "3.7" ? (pick(15) ? r "企业" pick(25) : "") : ""
		# a stray quote: the reader drops the row (csv-syntax), still skipped
		if (pick(80) == 0) subj = "某\"企业"
		printf "%s,%s,%s,%s,%s,%s,%s\n", day(), it, n, amt, sb, subj, r > A
	}
}'

# Split the three files by reporter (the last column) into k parts.
split_parts() { # seed k
	rm -f part*.csv
	awk -F, -v seed="$1" -v k="$2" '
		BEGIN { srand(seed) }
		FNR == 1 { header[FILENAME] = $0; next }
		{
			r = $NF
			if (!(r in part)) part[r] = int(rand() * k)
			out = "part" part[r] "-" FILENAME
			if (!(out in started)) { print header[FILENAME] > out; started[out] = 1 }
			print > out
		}' hazards.csv checks.csv activities.csv
}

# A tally document without 4.6 and 4.7, which roll up by their own rule.
strip() {
	sed -e 's/{"code":"4\.6","value":[a-z]*},//' -e 's/{"code":"4\.7","value":[0-9]*},//'
}

"$tally" --as-of 2023-06-30 --unit 城中区 -o json hazards.csv checks.csv activities.csv \
	2>/dev/null >whole.json || { echo "tally of the whole failed"; exit 1; }
grep -q '"skipped":[1-9]' whole.json || { echo "the data set has no skipped record"; exit 1; }
grep -q '"unsourced":[1-9]' whole.json || { echo "the data set has no unsourced hazard"; exit 1; }
strip <whole.json >whole.cmp

fail=0
for trial in 1 2 3 4 5 6; do
	k=$((2 + trial % 3))
	split_parts "$trial" "$k"
	rm -f doc*.json
	for p in $(seq 0 $((k - 1))); do
		files=$(ls part"$p"-*.csv 2>/dev/null)
		[ -n "$files" ] || continue
		# shellcheck disable=SC2086
		"$tally" --as-of 2023-06-30 -o json $files 2>/dev/null >doc"$p".json ||
			{ echo "trial $trial: tally of part $p failed"; fail=1; }
	done
	"$tally" --merge --unit 城中区 -o json doc*.json >merged.json ||
		{ echo "trial $trial: merge failed"; fail=1; continue; }
	if ! strip <merged.json | cmp -s - whole.cmp; then
		echo "trial $trial ($k parts): merge differs from the whole"
		diff <(tr '{' '\n' <whole.cmp) <(strip <merged.json | tr '{' '\n') | head -20
		fail=1
	fi
	# --by reporter --total is the same merge, done in one run.
	"$tally" --as-of 2023-06-30 --by reporter --total -o json hazards.csv checks.csv \
		activities.csv 2>/dev/null | tail -1 | sed 's/"unit":"合计"/"unit":"城中区"/' |
		strip | cmp -s - whole.cmp || { echo "trial $trial: --total differs from the whole"; fail=1; }
done
[ $fail = 0 ] && echo "merge of random splits by reporter equals the whole tally (6 trials)"
exit $fail
