#!/usr/bin/env bash
# output-file.sh BUILD_DIR SRC_DIR - --output FILE never replaces what FILE
# is: a regular file or a new name gets the workbook through a temporary
# beside it (renamed into place, so a failed run leaves it as it was); a
# symlink stays a symlink and its target gets the workbook; a device or a
# FIFO is written in place (a link to /dev/full: exit 2, and the device
# node is still a character device afterwards). The same for -o csv,
# which writes FILE through a temporary too. A failed write (a full disk)
# names FILE and leaves it as it was; a folder that cannot be written is
# named as the folder, for --output and for a register (issue 23, R13).
set -u
build=$(cd "${1:?usage: output-file.sh BUILD_DIR SRC_DIR}" && pwd)
src=$(cd "${2:?usage: output-file.sh BUILD_DIR SRC_DIR}" && pwd)
export PATH="$build:$PATH" LC_ALL=C.UTF-8 HZ_TODAY=2023-07-01
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
cp "$src/tests/cli/hz-add/_data/reg.csv" reg.csv
cp "$src/tests/cli/hz-tally/data/register.csv" register.csv
status=0
fail() { echo "FAIL: $*"; status=1; }
# a whole zip archive: its first bytes and its end-of-directory record
is_xlsx() {
	[ "$(head -c 2 "$1")" = PK ] && [ "$(tail -c 22 "$1" | head -c 4 | od -An -tx1 | tr -d ' ')" = 504b0506 ]
}
full_before=$(stat -L -c '%F %t:%T' /dev/full)

tools=("hz-fmt -q -o xlsx" "hz-tally -q --month 2023-06 --unit 公园街道 -o xlsx")
inputs=(reg.csv register.csv)
for i in 0 1; do
	t=${tools[$i]} in=${inputs[$i]} name=${tools[$i]%% *}
	# a symlink to a regular file in another folder, with its own mode
	rm -rf d && mkdir d && echo old >d/target.xlsx && chmod 640 d/target.xlsx
	ln -sfn d/target.xlsx link.xlsx
	$t --output link.xlsx "$in" || fail "$name: --output a symlink: exit $?"
	[ -L link.xlsx ] || fail "$name: the symlink was replaced"
	is_xlsx d/target.xlsx || fail "$name: the link's target did not get the workbook"
	[ "$(stat -c %a d/target.xlsx)" = 640 ] || fail "$name: the target's mode changed"
	[ -z "$(ls d | grep -v '^target.xlsx$')" ] || fail "$name: a temporary was left: $(ls d)"
	# a dangling symlink: the target is created, the link stays
	rm -rf d && mkdir d && ln -sfn d/new.xlsx link.xlsx
	$t --output link.xlsx "$in" || fail "$name: --output a dangling symlink: exit $?"
	[ -L link.xlsx ] && is_xlsx d/new.xlsx || fail "$name: the dangling link's target was not created"
	# a regular file and a new name
	rm -f plain.xlsx
	$t --output plain.xlsx "$in" && is_xlsx plain.xlsx || fail "$name: --output a new name"
	# a link to /dev/full: exit 2 with a message, the device untouched
	ln -sfn /dev/full full.xlsx
	$t --output full.xlsx "$in" 2>err
	st=$?
	[ $st = 2 ] || fail "$name: --output a link to /dev/full: exit $st, not 2"
	grep -q 'full.xlsx' err || fail "$name: --output /dev/full: no message naming the file"
	[ -L full.xlsx ] || fail "$name: the link to /dev/full was replaced"
	[ "$(stat -L -c '%F %t:%T' /dev/full)" = "$full_before" ] ||
		fail "$name: /dev/full is no longer the device: $(stat -L -c '%F %t:%T' /dev/full)"
	# a FIFO receives the bytes
	rm -f fifo got && mkfifo fifo
	timeout 60 cat fifo >got &
	reader=$!
	timeout 60 $t --output fifo "$in" || fail "$name: --output a FIFO: exit $?"
	wait $reader
	[ -p fifo ] || fail "$name: the FIFO was replaced"
	is_xlsx got || fail "$name: the FIFO's reader got no whole workbook"
done

# the other formats reopen FILE: a link stays a link, a FIFO is written
ln -sfn d/out.csv link.csv
mkdir -p d && hz-fmt -q -o csv --output link.csv reg.csv && [ -L link.csv ] && cmp -s d/out.csv <(hz-fmt -q -o csv reg.csv) ||
	fail "hz-fmt -o csv --output a symlink"
ln -sfn /dev/full full.csv
hz-fmt -q -o csv --output full.csv reg.csv 2>/dev/null
[ $? = 2 ] && [ -L full.csv ] || fail "hz-fmt -o csv --output a link to /dev/full"
[ "$(stat -L -c '%F %t:%T' /dev/full)" = "$full_before" ] || fail "/dev/full changed"

hz-fmt -q -o csv --output full.csv reg.csv 2>err
grep -q "^hz-fmt: write error on 'full.csv'" err || fail "a write error does not name full.csv: $(cat err)"

# issue 23, R13: a failed write names FILE and leaves it as it was, with
# no temporary beside it (a full file system: a tmpfs of 8 KB, as root)
rm -rf mnt && mkdir mnt
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=8k tmpfs mnt 2>/dev/null; then
	for t in "hz-fmt -q" "hz-tally -q --month 2023-06"; do
		echo old >mnt/out.csv
		head -c 4096 /dev/zero >mnt/fill 2>/dev/null # the other page: the disk is full
		$t --output mnt/out.csv register.csv 2>err
		st=$?
		[ $st = 2 ] || fail "$t: --output on a full disk: exit $st, not 2"
		grep -q "write error on 'mnt/out.csv': No space left on device" err ||
			fail "$t: the write error does not name the file: $(cat err)"
		[ "$(cat mnt/out.csv)" = old ] || fail "$t: a failed write changed mnt/out.csv"
		[ "$(ls -A mnt | tr '\n' ' ')" = "fill out.csv " ] || fail "$t: left beside it: $(ls -A mnt)"
		rm -f mnt/fill
	done
	umount mnt
else
	echo "output-file: full-disk case skipped (not root, or no tmpfs)"
fi

# a folder that cannot be written is named as such, for --output and for
# a register (as an unprivileged user: root writes anywhere)
as_user=()
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
	rm -rf ro && mkdir ro && cp reg.csv ro/reg.csv && echo old >ro/kept.csv && chmod 666 ro/reg.csv ro/kept.csv
	chmod 777 . && chmod 555 ro
	for t in "hz-fmt -q" "hz-fmt -q -o xlsx" "hz-tally -q --month 2023-06 --unit 公园街道 -o xlsx"; do
		"${as_user[@]}" $t --output ro/new.out register.csv 2>err
		[ $? = 2 ] && grep -q "the folder 'ro' cannot be written" err ||
			fail "$t --output in a read-only folder: $(cat err)"
	done
	[ "$(ls ro | sort | tr '\n' ' ')" = "kept.csv reg.csv " ] || fail "files made in ro: $(ls ro)"
	# a file that can be written, in that folder: written in place
	"${as_user[@]}" hz-fmt -q --output ro/kept.csv reg.csv && cmp -s ro/kept.csv <(hz-fmt -q reg.csv) ||
		fail "a writable file in a read-only folder was not written"
	"${as_user[@]}" hz-add -f ro/new.csv --today 2023-07-01 domain=消防 hazard=堵门 level=县区 \
		measures=清理 check_date=2023-06-01 deadline=2023-07-30 unit=某店 stage=未整改 2>err
	grep -q "ro/new.csv: cannot create: the folder 'ro' cannot be written" err ||
		fail "hz-add in a read-only folder: $(cat err)"
	cp ro/reg.csv reg.before
	"${as_user[@]}" hz-progress -f ro/reg.csv --today 2023-07-01 1 --text 已清理 2>err
	grep -q "ro/reg.csv: the folder 'ro' cannot be written" err && cmp -s ro/reg.csv reg.before ||
		fail "hz-progress in a read-only folder: $(cat err)"
	chmod 755 ro
else
	echo "output-file: read-only folder cases skipped (root without setpriv)"
fi

[ $status = 0 ] && echo "output-file: ok"
exit $status
