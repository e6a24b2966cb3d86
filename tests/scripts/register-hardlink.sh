#!/usr/bin/env bash
# register-hardlink.sh BUILD_DIR SRC_DIR - a register with a second hard
# link behaves as hz-add(1) says: hz-add's append is seen through every
# link; hz-progress and hz-edit rewrite by rename, so the name given gets
# the change and the other link keeps the register as it was.
set -u
build=$(cd "${1:?usage: register-hardlink.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
src=$(cd "${2:?usage: register-hardlink.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
export LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
status=0
fail() {
	echo "register-hardlink: FAIL $*"
	status=1
}
cp "$src/tests/cli/hz-add/_data/reg.csv" reg.csv
ln reg.csv link.csv
"$build/hz-add" -f reg.csv --today 2023-07-01 专题领域=消防 重大隐患=消防车通道被占用 涉及层面=县区 \
	整改措施=清理通道 检查日期=2023-06-02 计划整改时限=2023-06-20 责任单位=某某小区 整改阶段=未整改 \
	隐患来源=部门检查 挂牌督办=否 责任人=王五 整改资金=0 应急预案=是 >add.out 2>add.err ||
	fail "hz-add: $(cat add.err)"
id=$(tail -1 add.out | grep -o '[0-9]*' | head -1)
cmp -s reg.csv link.csv || fail "an append is not seen through the other link"
[ "$(stat -c %i reg.csv)" = "$(stat -c %i link.csv)" ] || fail "hz-add replaced the file"
cp link.csv before.csv
"$build/hz-progress" -f reg.csv "$id" --done 2023-06-08 --today 2023-07-01 >prog.out 2>prog.err ||
	fail "hz-progress: $(cat prog.err)"
cmp -s link.csv before.csv || fail "hz-progress changed the other link"
cmp -s reg.csv before.csv && fail "hz-progress did not change the register"
[ "$(stat -c %i reg.csv)" != "$(stat -c %i link.csv)" ] || fail "hz-progress wrote in place"
[ $status -eq 0 ] && echo "register-hardlink: as hz-add(1) says"
exit $status
