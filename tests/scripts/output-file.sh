#!/usr/bin/env bash
# output-file.sh BUILD_DIR SRC_DIR - --output FILE never replaces what FILE
# is: a regular file or a new name gets the workbook through a temporary
# beside it (renamed into place, so a failed run leaves it as it was); a
# symlink stays a symlink and its target gets the workbook; a device or a
# FIFO is written in place (a link to /dev/full: exit 2, and the device
# node is still a character device afterwards). The same for -o csv,
# which reopens FILE.
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

[ $status = 0 ] && echo "output-file: ok"
exit $status
