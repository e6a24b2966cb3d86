#!/usr/bin/env bash
# where-python.sh BUILD_DIR SRC_DIR - --where chooses exactly the records
# that Python's csv module chooses with the same conditions, on
# examples/register.csv (the form with its title rows, 填报单位 in the
# preamble, multi-line cells, the footer): the table of
#   hz-fmt -o table --where 填报单位=公园社区 --where 整改阶段!=已销号
# lists those records' 序号, in order; the CSV of the same selection holds
# their cells as read; and hz-overdue, hz-tally and hz-validate see the
# same records (their counts of what they read).
set -u
build=$(cd "${1:?usage: where-python.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
src=$(cd "${2:?usage: where-python.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
export LC_ALL=C.UTF-8 COLUMNS=
command -v python3 >/dev/null || { echo "where-python: python3 not found; skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail=0
bad() {
	echo "where-python: FAIL $1"
	fail=1
}
register=$src/examples/register.csv

# Python: the form read as a clerk reads it. The header is the row that
# starts 序号; a title row 填报单位：X names the reporter of every record
# without a 填报单位 cell; the records end at the footer (填报说明, 审核人,
# 填表人, 注：); blank rows and template rows (a 序号 alone) are no records.
# FIELD OP VALUE conditions as arguments: = != (trimmed) and ~.
cat >select.py <<'EOF'
import csv, sys
conds = []
for a in sys.argv[2:]:
    for op in ("!=", "=", "~"):
        if op in a:
            f, v = a.split(op, 1)
            conds.append((f.strip(), op, v.strip()))
            break
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
reporter, header, out = "", None, []
for row in rows:
    cells = [c.strip() for c in row]
    if header is None:
        if cells and cells[0] == "序号":
            header = cells
            continue
        for c in cells:
            for mark in ("填报单位：", "填报单位:"):
                if c.startswith(mark):
                    reporter = c[len(mark):].strip()
        continue
    first = next((c for c in cells if c), "")
    if first.startswith(("填报说明", "审核人", "填表人", "注：")):
        break
    if not any(cells[1:]):
        continue
    rec = dict(zip(header, cells))
    if not rec.get("填报单位"):
        rec["填报单位"] = reporter
    ok = True
    for f, op, v in conds:
        got = rec.get(f, "")
        ok &= (got == v) if op == "=" else (got != v) if op == "!=" else (v in got)
    if ok:
        out.append(row)
w = csv.writer(sys.stdout, lineterminator="\n")
for row in out:
    w.writerow(row)
EOF

check() {           # check NAME CONDITION...
	local name=$1
	shift
	local where=()
	for c in "$@"; do where+=(--where "$c"); done
	python3 select.py "$register" "$@" >want.csv || { bad "$name: python"; return; }
	local n
	n=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))))' want.csv)
	[ "$n" -gt 0 ] || bad "$name: python selects nothing: the test would prove nothing"
	# the table: one line a record after the header, 序号 first
	"$build/hz-fmt" -q -o table "${where[@]}" "$register" >table.txt ||
		bad "$name: hz-fmt -o table failed"
	tail -n +2 table.txt | awk '{ print $1 }' >got-ids
	python3 -c 'import csv,sys
for r in csv.reader(open(sys.argv[1])): print(r[0].strip())' want.csv >want-ids
	cmp -s got-ids want-ids || { bad "$name: the table's 序号 differ from Python's"; diff want-ids got-ids | head; }
	# the CSV: the same cells (hz-fmt adds the preamble's 填报单位 column)
	"$build/hz-fmt" -q -o csv "${where[@]}" "$register" | tail -n +2 >got.csv
	python3 - want.csv got.csv <<'EOF' || bad "$name: the CSV cells differ from Python's"
import csv, sys
want = list(csv.reader(open(sys.argv[1], newline="")))
got = [r[:len(want[0])] for r in csv.reader(open(sys.argv[2], newline=""))]
want = [[c.replace("\r\n", "\n") for c in r] for r in want]
got = [[c.replace("\r\n", "\n") for c in r] for r in got]
sys.exit(0 if want == got else 1)
EOF
	# the other tools read the same records
	local fmt_n
	fmt_n=$("$build/hz-fmt" -o jsonl "${where[@]}" "$register" 2>&1 >/dev/null | grep -o '[0-9]* records')
	[ "$fmt_n" = "$n records" ] || bad "$name: hz-fmt says '$fmt_n', Python $n"
	local val_n
	val_n=$("$build/hz-validate" --today 2023-07-31 "${where[@]}" "$register" 2>&1 | tail -1 |
		grep -o '[0-9]* records')
	[ "$val_n" = "$n records" ] || bad "$name: hz-validate says '$val_n', Python $n"
}

check open-hazards 填报单位=公园社区 整改阶段!=已销号
check hotels 责任单位~酒店
check stage-in-progress 整改阶段=整改中 专题领域=消防
check empty-remarks 备注= 挂牌督办=否

# and none: another community's (the header alone, as for a register
# without records)
"$build/hz-fmt" -o csv --where 填报单位=其他社区 "$register" 2>none.err >none.csv
grep -q ': 0 records' none.err && [ "$(wc -l <none.csv)" -eq 1 ] && head -1 none.csv | grep -q '^序号,' ||
	bad "填报单位=其他社区 selects records"
# a bad expression is a usage error
"$build/hz-fmt" -o table --where 整改阶段=已消号 "$register" >/dev/null 2>err
[ $? -eq 2 ] && grep -q -- "--where" err || bad "a bad --where is not a usage error"

[ $fail -eq 0 ] && echo "where-python: hz-fmt --where selects what Python's csv module selects"
exit $fail
