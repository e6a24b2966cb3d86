#!/usr/bin/env bash
# bootstrap-order.sh BUILD_DIR SRC_DIR - the README's two commands in order,
# ./bootstrap demo then ./bootstrap test, leave build/ with every test: the
# cmake configure lines of bootstrap's two modes (taken from the script,
# so the test follows it) are run in that order on one scratch build
# folder, and ctest must then list the tests.
set -u
src=${2:?usage: bootstrap-order.sh BUILD_DIR SRC_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the configure lines of build/ in each mode: "cmake -S . -B build ..."
lines=$(sed -n 's/^[[:space:]]*\(cmake -S \. -B build [^>]*\).*/\1/p' "$src/bootstrap")
demo=$(printf '%s\n' "$lines" | grep -e '-DHZ_TESTS=OFF' | head -1)
test=$(printf '%s\n' "$lines" | grep -e '-DHZ_WERROR=ON' | head -1)
[ -n "$demo" ] && [ -n "$test" ] || { echo "bootstrap-order: configure lines not found in bootstrap:"; echo "$lines"; exit 1; }
run() {
	# shellcheck disable=SC2086
	(cd "$src" && ${1/ -B build / -B $work/build }) >"$work/log" 2>&1 ||
		{ echo "bootstrap-order: '$1' failed:"; cat "$work/log"; exit 1; }
}
run "$demo"
n=$(cd "$work/build" && ctest -N 2>/dev/null | sed -n 's/^Total Tests: //p')
[ "${n:-0}" = 0 ] || { echo "bootstrap-order: the demo configuration already has $n tests; nothing is shown"; exit 1; }
run "$test"
n=$(cd "$work/build" && ctest -N 2>/dev/null | sed -n 's/^Total Tests: //p')
if [ "${n:-0}" -lt 100 ]; then
	echo "bootstrap-order: after 'demo' then 'test', ctest lists ${n:-0} tests"
	exit 1
fi
grep -q '^CMAKE_BUILD_TYPE:STRING=$' "$work/build/CMakeCache.txt" ||
	echo "bootstrap-order: note: build type $(grep '^CMAKE_BUILD_TYPE' "$work/build/CMakeCache.txt")"
echo "bootstrap-order: demo then test: ctest lists $n tests"
