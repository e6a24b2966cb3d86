#!/usr/bin/env bash
# The street office's June (office-june.sh) with the street database kept
# as an .xlsx workbook (hz-collect(1) "Into the database"): the same files
# collected into a workbook and into a CSV database side by side. After
# each step the workbook holds exactly the CSV database's records, record
# by record, and the journals name the same changes; every zip entry but
# the sheet stays byte for byte. Re-collecting a unit whose register
# changed in one cell rewrites that one cell of that one row; a register
# that drops two records takes their rows out and closes the rows up (no
# blank row among the records, the footer's merge moved with it).
set -u
build=$(cd "$1" && pwd) || exit 1
src=$(cd "$2" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
command -v python3 >/dev/null || { echo "office-june-xlsx: python3 not found; skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/examples/office/." "$work" && cd "$work" || exit 1
fail=0
bad() { echo "office-june-xlsx: $*"; fail=1; }
# each file into both databases, each with its own log
collect() {
	hz-collect --today 2023-07-10 --db db.csv --log log-c.csv --units units.csv "$@" >out-c.txt 2>/dev/null
	hz-collect --today 2023-07-10 --db db.xlsx --log log-x.csv --units units.csv "$@" >out-x.txt 2>err-x.txt
	sed 's/db\.xlsx/db.csv/g; s/log-x/log-c/g' out-x.txt | cmp -s - out-c.txt ||
		bad "$*: the workbook's run says otherwise: $(cat out-x.txt err-x.txt) / $(cat out-c.txt)"
}
# the databases and journals agree (records compared as hz reads them)
same() {
	hz-fmt -q -o jsonl db.csv >c.jsonl
	hz-fmt -q -o jsonl db.xlsx >x.jsonl
	python3 - "$1" <<'PY' || fail=1
import json, sys
def recs(p):
    return sorted((json.loads(l) for l in open(p)),
                  key=lambda r: (r.get('reporter') or '', r.get('id') or 0, r.get('hazard') or ''))
c, x = recs('c.jsonl'), recs('x.jsonl')
ok = len(c) == len(x)
if not ok:
    print(f'office-june-xlsx: {sys.argv[1]}: {len(x)} records in the workbook, {len(c)} in the CSV')
for a, b in zip(c, x):
    for k in set(a) | set(b):
        if (a.get(k) or None) != (b.get(k) or None):
            print(f'office-june-xlsx: {sys.argv[1]}: {a.get("reporter")} {a.get("id")}: {k} is {b.get(k)!r} in the workbook, {a.get(k)!r} in the CSV'); ok = False
def journal(p):
    return sorted((e['reporter'], e['id'], e['field']) for e in map(json.loads, open(p)))
if journal('db.csv.hzlog') != journal('db.xlsx.hzlog'):
    print(f'office-june-xlsx: {sys.argv[1]}: the journals differ'); ok = False
raise SystemExit(0 if ok else 1)
PY
}
# the workbook's zip entries but the sheet as in $1
kept() {
	python3 - "$1" db.xlsx <<'PY' || { bad "$2: other parts of the workbook changed"; }
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
ia, ib = a.infolist(), b.infolist()
ok = [i.filename for i in ia] == [i.filename for i in ib]
for x, y in zip(ia, ib):
    if x.filename != 'xl/worksheets/sheet1.xml':
        ok = ok and (x.CRC, x.compress_size, x.compress_type) == (y.CRC, y.compress_size, y.compress_type) \
            and a.read(x) == b.read(y)
raise SystemExit(0 if ok else 1)
PY
}

# the office starts its database: an empty register, and that register
# printed as a workbook (hz-fmt -o xlsx: title, header, footer, its page)
hz-collect --today 2023-07-10 --db start.csv --log start-log.csv --date 2023-06-27 公园社区-台账.csv >/dev/null 2>&1
head -n 1 start.csv >db.csv
hz-fmt -q -o xlsx --columns all db.csv --output db.xlsx 2>/dev/null || bad "no workbook to start with"
cp db.xlsx db-start.xlsx

collect --date 2023-06-27 公园社区-台账.csv 公园社区-调度表.json
collect --date 2023-06-28 解放社区-台账.csv 解放社区-调度表.csv
collect --date 2023-07-02 --period 2023-06 城中社区-台账.xlsx 城中社区-调度表.xlsx '~$城中社区-调度表.xlsx'
grep -q '城中社区-台账.xlsx：城中社区 register 2023-06 2023-07-02 .* 已入库' out-x.txt || bad "城中社区 not into the workbook: $(cat out-x.txt)"
same "three units"
kept db-start.xlsx "three units"
hz-log --verify db.xlsx >/dev/null 2>&1 || bad "the workbook's journal does not match it"

# 解放社区 again, one cell changed: one cell of one row rewritten
cp db.xlsx db-before.xlsx
iconv -f GB18030 -t UTF-8 解放社区-台账.csv | sed 's/已订购报警器/已安装报警器/' |
	iconv -f UTF-8 -t GB18030 >解放社区-台账-0705.csv
collect --date 2023-07-05 --period 2023-06 解放社区-台账-0705.csv
grep -q '已入库 3 条（新增 0，修改 1，删除 0）' out-x.txt || bad "not one record changed: $(cat out-x.txt)"
same "one cell"
kept db-before.xlsx "one cell"
python3 - <<'PY' || fail=1
import re, zipfile
def sheet(p):
    return zipfile.ZipFile(p).read('xl/worksheets/sheet1.xml').decode()
a, b = sheet('db-before.xlsx'), sheet('db.xlsx')
ra, rb = re.findall(r'<row [^>]*>.*?</row>', a, re.S), re.findall(r'<row [^>]*>.*?</row>', b, re.S)
rows = [i for i in range(max(len(ra), len(rb))) if i >= len(ra) or i >= len(rb) or ra[i] != rb[i]]
ok = len(ra) == len(rb) and len(rows) == 1
if ok:
    ca = re.findall(r'<c [^>]*?(?:/>|>.*?</c>)', ra[rows[0]], re.S)
    cb = re.findall(r'<c [^>]*?(?:/>|>.*?</c>)', rb[rows[0]], re.S)
    cells = [(x, y) for x, y in zip(ca, cb) if x != y]
    ok = len(ca) == len(cb) and len(cells) == 1 and '已安装报警器' in cells[0][1]
    ok = ok and a.replace(ra[rows[0]], '') == b.replace(rb[rows[0]], '')
if not ok:
    print('office-june-xlsx: re-collecting one changed cell rewrote rows', rows)
raise SystemExit(0 if ok else 1)
PY

# 公园社区 again without 序号 3 and 7, one cell changed: their rows go and
# the rows below (解放社区's, 城中社区's, the footer) close up
cp db.xlsx db-before.xlsx
python3 - <<'PY'
import csv
rows = list(csv.reader(open('公园社区-台账.csv', encoding='utf-8-sig')))
out = [r for r in rows if r[0] not in ('3', '7')]     # title rows, header, records
one = next(r for r in out if r[0] == '1')
one[4] += '（已复查）'
csv.writer(open('公园社区-台账-0706.csv', 'w', encoding='utf-8', newline=''), lineterminator='\n').writerows(out)
PY
collect --date 2023-07-06 --period 2023-06 公园社区-台账-0706.csv
grep -q '（新增 0，修改 1，删除 2）' out-x.txt || bad "not 1 changed and 2 removed: $(cat out-x.txt)"
same "two removed"
kept db-before.xlsx "two removed"
python3 - <<'PY' || fail=1
import re, zipfile
def rows(p):
    s = zipfile.ZipFile(p).read('xl/worksheets/sheet1.xml').decode()
    return s, [int(r) for r in re.findall(r'<row r="(\d+)"', s)]
a, ra = rows('db-before.xlsx')
b, rb = rows('db.xlsx')
ok = len(rb) == len(ra) - 2 and rb == sorted(rb) and rb == list(range(1, len(rb) + 1))
ma = re.findall(r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', a)
mb = re.findall(r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', b)
low = [m for m in ma if int(m[1]) > 10]   # the footer's
ok = ok and low and all((m[0], str(int(m[1]) - 2), m[2], str(int(m[3]) - 2)) in mb for m in low)
da = re.search(r'<dimension ref="A1:([A-Z]+)(\d+)"', a)
db = re.search(r'<dimension ref="A1:([A-Z]+)(\d+)"', b)
ok = ok and db and int(db.group(2)) == int(da.group(2)) - 2
if not ok:
    print('office-june-xlsx: the rows did not close up:', ra[-5:], rb[-5:], low, mb, da and da.group(0), db and db.group(0))
raise SystemExit(0 if ok else 1)
PY
hz-log --verify db.xlsx >/dev/null 2>&1 || bad "the workbook's journal does not match it after the removal"
hz-validate -q --today 2023-07-10 --units units.csv log-x.csv 2>/dev/null
[ $? -le 1 ] || bad "the log does not validate"
cmp -s <(cut -d, -f1-9 log-c.csv | sed 's/db\.csv/db/') <(cut -d, -f1-9 log-x.csv | sed 's/db\.xlsx/db/') ||
	bad "the two logs differ"
exit $fail
