#!/usr/bin/env bash
# hz-collect on files that cannot be read at all (office.md step 3): each
# is refused (exit 2 at the end) and logged all the same with remarks
# 未能读取 — its unit taken from the file's name with --units, else
# 未知单位 — so the log still validates; once only; -n logs nothing; a
# path that is not there is refused and not logged.
set -u
build=$(cd "$1" && pwd) || exit 1
src=$(cd "$2" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$src/examples/office/units.csv" "$work" && cd "$work" || exit 1
fail=0
bad() { echo "collect-unreadable: $*"; fail=1; }

printf 'PK\003\004 not a workbook' >解放社区-台账.xlsx     # a damaged workbook
head -c 300 /dev/urandom >扫描件.dat                       # no unit in its name
collect() { hz-collect --today 2023-07-10 --db db.csv --log log.csv --units units.csv "$@"; }

collect -n --date 2023-06-28 解放社区-台账.xlsx >n.txt 2>&1
st=$?
[ $st = 2 ] || bad "-n on an unreadable file: exit $st, not 2"
[ -e log.csv ] && bad "-n logged the unreadable file"

collect --date 2023-06-28 解放社区-台账.xlsx 扫描件.dat 不存在.csv >out.txt 2>err.txt
st=$?
[ $st = 2 ] || bad "unreadable files: exit $st, not 2"
grep -q '^解放社区-台账.xlsx：解放社区 register 2023-06 2023-06-28 记录 0 错误 1 .*拒收（.*） 已登记$' out.txt ||
	bad "the damaged workbook's line: $(cat out.txt)"
grep -q '^扫描件.dat：未知单位 register 2023-06 .*拒收（.*） 已登记$' out.txt ||
	bad "the unnamed file's line: $(cat out.txt)"
grep -q '^不存在.csv：.*拒收（.*）$' out.txt || bad "the missing path's line: $(cat out.txt)"
[ -e db.csv ] && bad "an unreadable file reached the database"

hz-fmt -q -o jsonl log.csv >log.jsonl
python3 - <<'PY' || fail=1
import hashlib, json
log = [json.loads(l) for l in open('log.jsonl')]
want = [('解放社区', '解放社区-台账.xlsx'), ('未知单位', '扫描件.dat')]
ok = len(log) == 2
for r, (who, name) in zip(log, want):
    sha = hashlib.sha256(open(name, 'rb').read()).hexdigest()
    got = (r.get('reporter'), r.get('file'), r.get('material'), r.get('period'), r.get('date'),
           r.get('sha256'), r.get('records'), r.get('errors'), r.get('remarks'))
    exp = (who, name, 'register', '2023-06', '2023-06-28', sha, 0, 1, '未能读取')
    if got != exp:
        print('collect-unreadable: logged', got, 'not', exp); ok = False
if len(log) != 2:
    print('collect-unreadable: %d records logged, not 2 (the missing path is not logged)' % len(log))
raise SystemExit(0 if ok else 1)
PY
# the log validates: no error (未知单位 is a warning with --units)
hz-validate -q --today 2023-07-10 --units units.csv log.csv 2>v.txt
[ $? -le 1 ] && ! grep -q 'error' v.txt || bad "the log does not validate: $(cat v.txt)"

# the same file again: refused, not logged twice
collect --date 2023-06-29 解放社区-台账.xlsx >out2.txt 2>&1
[ $? = 2 ] && grep -q '重复报送$' out2.txt || bad "the second time: $(cat out2.txt)"
[ "$(hz-fmt -q -o jsonl log.csv | wc -l)" = 2 ] || bad "logged twice"
exit $fail
