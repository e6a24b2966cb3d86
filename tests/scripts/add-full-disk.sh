#!/usr/bin/env bash
# Writing to a full file system fails with exit 2 and leaves the register
# as it was (a small tmpfs: needs root, else skipped; the unit test
# test_safewrite injects the same failures through -Wl,--wrap). A read-only
# register is refused with a clear message.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8
work=$(mktemp -d)
mnt=$work/mnt
cleanup() {
	mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
fail=0

F=(专题领域=消防 重大隐患=通道堆物 涉及层面=县区 整改措施=清理 检查日期=2023-06-01
   计划整改时限=2023-06-30 责任单位=某 整改阶段=未整改 隐患来源=部门检查 挂牌督办=否
   责任人=王五 整改资金=0 应急预案=是)
hz-add -q -f reg.csv --today 2023-07-01 "${F[@]}" >/dev/null || { echo "setup failed"; exit 1; }

# --- read-only register ---
chmod 755 "$work"
chmod 444 reg.csv
cp reg.csv ro-before.csv
as_user=()
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
	"${as_user[@]}" env PATH="$PATH" hz-add -f reg.csv --today 2023-07-01 "${F[@]}" >out 2>err
	st=$?
	[ $st = 2 ] || { echo "read-only register: exit $st, want 2"; fail=1; }
	grep -q 'reg.csv: cannot open for writing: Permission denied' err ||
		{ echo "read-only register: message was:"; cat err; fail=1; }
	cmp -s reg.csv ro-before.csv || { echo "read-only register changed"; fail=1; }
	echo "add-full-disk: read-only register refused: $(cat err)"
else
	echo "add-full-disk: read-only case skipped (root without setpriv)"
fi
chmod 644 reg.csv

# --- full file system ---
mkdir "$mnt"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=128k tmpfs "$mnt" 2>/dev/null; then
	echo "add-full-disk: no tmpfs (needs root); the injected faults of test_safewrite cover it"
	[ $fail = 0 ] && exit 77
	exit $fail
fi
# a register of about 20 KB, then the file system filled to the last bytes
awk 'BEGIN {
	print "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案"
	for (i = 1; i <= 150; i++)
		printf "%d,消防,通道堆物 %d,县区,清理,2023-05-20,2023-06-30,单位%d,未整改,,,,,部门检查,否,张三,0.2,是\n", i, i, i
}' >"$mnt/reg.csv"
cp "$mnt/reg.csv" before.csv
dd if=/dev/zero of="$mnt/filler" bs=1k count=1000 2>/dev/null     # fails when full: that is the point
# a batch of 200 records (~25 KB) cannot fit
{
	echo '专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金,应急预案'
	for ((i = 1; i <= 200; i++)); do
		echo "消防,batch $i with some text to take room,县区,清理,2023-06-01,2023-06-30,单位,未整改,部门检查,否,李四,0,是"
	done
} >batch.csv
hz-add -f "$mnt/reg.csv" --today 2023-07-01 - <batch.csv >out 2>err
st=$?
[ $st = 2 ] || { echo "append on a full disk: exit $st, want 2"; fail=1; }
grep -q 'No space left on device' err || { echo "append on a full disk said:"; cat err; fail=1; }
[ -s out ] && { echo "ids printed for records not added"; fail=1; }
cmp -s "$mnt/reg.csv" before.csv || { echo "append on a full disk changed the register"; fail=1; }
echo "add-full-disk: append: $(head -n 1 err)"

# a rewrite (hz-progress) needs room for the whole new file
hz-progress -f "$mnt/reg.csv" 7 --text 已报告 --today 2023-07-01 >out 2>err
st=$?
[ $st = 2 ] || { echo "rewrite on a full disk: exit $st, want 2"; fail=1; }
grep -q 'No space left on device' err || { echo "rewrite on a full disk said:"; cat err; fail=1; }
cmp -s "$mnt/reg.csv" before.csv || { echo "rewrite on a full disk changed the register"; fail=1; }
[ "$(ls -A "$mnt" | grep -c '^\.reg\.csv\.')" = 0 ] || { echo "temporary file left on the full disk"; fail=1; }
echo "add-full-disk: rewrite: $(head -n 1 err)"

# with room again, both work
rm -f "$mnt/filler"
hz-add -q -f "$mnt/reg.csv" --today 2023-07-01 - <batch.csv >out || { echo "append with room failed"; fail=1; }
[ "$(wc -l <out)" = 200 ] || { echo "$(wc -l <out) ids after the retry"; fail=1; }
hz-progress -f "$mnt/reg.csv" 7 --text 已报告 --today 2023-07-01 || { echo "rewrite with room failed"; fail=1; }
hz-validate -q --today 2023-07-01 "$mnt/reg.csv" || { echo "register invalid after the retry"; fail=1; }
exit $fail
