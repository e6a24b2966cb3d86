#!/usr/bin/env bash
# A street office's June (office.md, hz-collect(1)): three communities'
# files (CSV, GB18030 CSV, .xlsx; registers and 附件1, one filled in by
# hand) collected on different days, one register sent again with one
# cell changed. Afterwards the database holds exactly each unit's latest
# register, record by record; the log one record per file; hz-due lists
# the late and the missing with the right days; the hand-filled 附件1's
# differences are named; re-collecting changes that one record's bytes.
set -u
build=$(cd "$1" && pwd) || exit 1
src=$(cd "$2" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
command -v python3 >/dev/null || { echo "office-june: python3 not found; skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/examples/office/." "$work" && cd "$work" || exit 1
fail=0
bad() { echo "office-june: $*"; fail=1; }
collect() { hz-collect --today 2023-07-10 --db db.csv --log log.csv --units units.csv --archive arc "$@"; }

# June 27: 公园社区 on time; June 28: 解放社区 (GB18030, a hand-filled 调度表
# that disagrees with its register); July 2: 城中社区 late, with a lock file
collect --date 2023-06-27 公园社区-台账.csv 公园社区-调度表.json >out1.txt 2>err1.txt
collect --date 2023-06-28 解放社区-台账.csv 解放社区-调度表.csv >out2.txt 2>err2.txt
collect --date 2023-07-02 --period 2023-06 城中社区-台账.xlsx 城中社区-调度表.xlsx \
	'~$城中社区-调度表.xlsx' >out3.txt 2>err3.txt
grep -q '~\$城中社区-调度表.xlsx: skipped' err3.txt || bad "the lock file was not skipped with a note"
grep -q '城中社区-调度表.xlsx：城中社区 report-month 2023-06 2023-07-02 .* 迟报 4 天' out3.txt ||
	bad "城中社区's 调度表 is not 4 days late: $(cat out3.txt)"

# July 5: 解放社区 sends its register again with one cell changed, and the
# same 调度表 again (a duplicate: logged once)
cp db.csv db-before.csv
iconv -f GB18030 -t UTF-8 解放社区-台账.csv | sed 's/已订购报警器/已安装报警器/' |
	iconv -f UTF-8 -t GB18030 >解放社区-台账-0705.csv
collect --date 2023-07-05 --period 2023-06 解放社区-台账-0705.csv 解放社区-调度表.csv \
	>out4.txt 2>err4.txt
grep -q '重复报送（已于 2023-06-28 收到）' out4.txt || bad "the second 调度表 is not a duplicate: $(cat out4.txt)"
grep -q '已入库 3 条（新增 0，修改 1，删除 0）' out4.txt || bad "not one record changed: $(cat out4.txt)"

# exactly that record's bytes changed: one line of the database differs
diff db-before.csv db.csv >changed.txt
[ "$(grep -c '^<' changed.txt)" = 1 ] && [ "$(grep -c '^>' changed.txt)" = 1 ] &&
	grep -q '^> 2,燃气,餐饮店燃气软管老化未更换.*已安装报警器' changed.txt ||
	{ bad "re-collecting changed more than one record:"; cat changed.txt; }

# the database holds each unit's latest register, record by record
hz-fmt -q -o jsonl db.csv >db.jsonl
for u in 公园社区:公园社区-台账.csv 解放社区:解放社区-台账-0705.csv 城中社区:城中社区-台账.xlsx; do
	hz-fmt -q -o jsonl "${u#*:}" >"unit-${u%%:*}.jsonl"
done
python3 - <<'PY' || fail=1
import json
db = [json.loads(l) for l in open('db.jsonl')]
ok = True
for unit in ['公园社区', '解放社区', '城中社区']:
    want = [json.loads(l) for l in open(f'unit-{unit}.jsonl')]
    got = [r for r in db if r.get('reporter') == unit]
    if len(got) != len(want):
        print(f'office-june: {unit}: {len(got)} records in the database, {len(want)} in its register'); ok = False
        continue
    for w, g in zip(want, got):
        w = dict(w, reporter=unit)
        for k in set(w) | set(g):
            if k != 'type' and (w.get(k) or None) != (g.get(k) or None):
                print(f'office-june: {unit} record {w.get("id")}: {k} is {g.get(k)!r} in the database, {w.get(k)!r} sent'); ok = False
if len({r.get('reporter') for r in db}) != 3:
    print('office-june: the database holds other reporters'); ok = False
raise SystemExit(0 if ok else 1)
PY

# the log: one record per file taken (the lock file and the duplicate not)
n=$(hz-fmt -q -o jsonl log.csv | wc -l)
[ "$n" = 7 ] || bad "the log holds $n records, not 7"
hz-validate -q --today 2023-07-10 --units units.csv log.csv || bad "the log does not validate"
[ "$(find arc -type f | wc -l)" = 7 ] || bad "$(find arc -type f | wc -l) files archived, not 7"

# who is late, who is missing, as of July 3 (with the right days)
hz-due --units units.csv --late --today 2023-07-10 --as-of 2023-07-03 log.csv >due.txt
grep -q '^城中社区：报送进展情况调度表 2023-06 迟报（2023-06-28，迟 4 天）$' due.txt || bad "城中社区 not 4 days late"
grep -q '^应急办：报送进展情况调度表 2023-06 未报送（2023-06-28，逾期 5 天）$' due.txt || bad "应急办 not missing 5 days"
grep -q '^公园社区：报送进展情况调度表 2023-06' due.txt && bad "公园社区 sent on time, yet listed"
grep -q '^解放社区：报送进展情况调度表 2023-06' due.txt && bad "解放社区 sent on time, yet listed"

# hz-collect -n names each differing item of the hand-filled 调度表
cp db.csv db-n.csv; cp log.csv log-n.csv
hz-collect -n --today 2023-07-10 --db db.csv --log log.csv --date 2023-06-28 \
	解放社区-调度表.csv >n.txt 2>n-err.txt
st=$?
[ $st = 1 ] || bad "hz-collect -n on a differing report: exit $st, not 1"
[ "$(grep -c 'report-differs' n-err.txt)" = 2 ] &&
	grep -q '1.3: report 3, register 2 \[report-differs\]' n-err.txt &&
	grep -q '1.4: report 2, register 1 \[report-differs\]' n-err.txt || { bad "the differences:"; cat n-err.txt; }
cmp -s db.csv db-n.csv && cmp -s log.csv log-n.csv || bad "-n changed the database or the log"

# hz-tally --merge --units of the 附件1 received = hz-tally --by reporter of the
# database, where the reports agree with their registers (公园社区, 城中社区)
if hz-tally --help 2>&1 | grep -q -- '--units'; then
	hz-tally --merge --as-of 2023-06-30 --units units.csv -o json 公园社区-调度表.json 城中社区-调度表.xlsx \
		>merged.json 2>merge-err.txt
	st=$?
	[ $st = 1 ] || bad "--merge --units with units missing: exit $st, not 1"
	grep -q '未报送：解放社区' merge-err.txt && grep -q '未报送：应急办' merge-err.txt ||
		bad "--merge --units does not name the absent units: $(cat merge-err.txt)"
	grep -v ",解放社区$" db.csv >db-agree.csv
	hz-tally --today 2023-07-10 --as-of 2023-06-30 --by reporter --total -o json db-agree.csv 2>/dev/null |
		tail -n 1 >total.json
	python3 - <<'PY' || fail=1
import json
m = json.load(open('merged.json')); t = json.load(open('total.json'))
a = {i['code']: (i.get('value'), i.get('value2')) for i in m['items']}
b = {i['code']: (i.get('value'), i.get('value2')) for i in t['items']}
if a != b:
    print('office-june: merged reports differ from the database:', {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)})
    raise SystemExit(1)
PY
	# the three reports as sent (JSON, hand-filled GB18030 CSV, xlsx): only
	# 应急办 absent, named on the printed form's second sheet
	hz-tally --merge --as-of 2023-06-30 --expect units.csv -o xlsx --output m.xlsx \
		公园社区-调度表.json 解放社区-调度表.csv 城中社区-调度表.xlsx 2>m-err.txt
	st=$?
	[ $st = 1 ] && grep -q '未报送：应急办' m-err.txt && ! grep -q '未报送：解放社区' m-err.txt ||
		bad "--merge --expect of three: exit $st, $(cat m-err.txt)"
	python3 - <<'PY' || fail=1
import zipfile
z = zipfile.ZipFile('m.xlsx')
wb = z.read('xl/workbook.xml').decode()
text = ''.join(z.read(n).decode() for n in z.namelist() if n.startswith('xl/'))
if 'name="说明"' not in wb or '未报送：应急办' not in text:
    print('office-june: no 说明 sheet naming 应急办 in the merged form'); raise SystemExit(1)
PY
	# a unit twice: an error, nothing written
	hz-tally --merge --as-of 2023-06-30 --units units.csv -o json 公园社区-调度表.json \
		公园社区-调度表.json >twice.json 2>twice-err.txt
	st=$?
	[ $st = 2 ] && [ ! -s twice.json ] && grep -q '公园社区 reported twice' twice-err.txt ||
		bad "a unit merged twice: exit $st, $(wc -c <twice.json) bytes written"
else
	bad "hz-tally --merge --units not built"
fi
exit $fail
