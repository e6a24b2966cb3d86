#!/usr/bin/env bash
# install-tree.sh BUILD_DIR SRC_DIR - what cmake --install puts down works
# where it ends up: hz.pc names its prefix relative to itself, so a tree
# installed in one place and moved to another still builds a program
# against libhz through pkg-config; the man pages and the bash completion
# of every tool are there.
set -u
build=${1:?usage: install-tree.sh BUILD_DIR SRC_DIR}
src=${2:?usage: install-tree.sh BUILD_DIR SRC_DIR}
command -v pkg-config >/dev/null 2>&1 || { echo "install-tree: no pkg-config; skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() {
	echo "install-tree: FAIL $*"
	status=1
}

cmake --install "$build" --prefix "$work/first" >"$work/install.log" 2>&1 ||
	{ echo "install-tree: cmake --install failed:"; cat "$work/install.log"; exit 1; }
mv "$work/first" "$work/moved"
root=$work/moved
pc=$(find "$root" -name hz.pc | head -1)
[ -n "$pc" ] || { echo "install-tree: no hz.pc installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
prefix=$(cd "$(pkg-config --variable=prefix hz)" 2>/dev/null && pwd -P)
[ "$prefix" = "$(cd "$root" && pwd -P)" ] || fail "hz.pc's prefix is '$(pkg-config --variable=prefix hz)', not the moved tree"
grep -q "$work/first" "$pc" && fail "hz.pc names the place it was installed: $(grep "$work/first" "$pc")"
libdir=$(pkg-config --variable=libdir hz)
[ -f "$(pkg-config --variable=includedir hz)/hz/detect.h" ] || fail "no hz/detect.h under hz.pc's includedir"

# a program built with pkg-config's flags against the moved tree
cat >"$work/detect.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <hz/detect.h>
int main(void)
{
	static const unsigned char gb[] = "\xd0\xf2\xba\xc5,\xd6\xf7\xcc\xe2\n";   /* 序号,主题 */
	puts(hz_detect_encoding(gb, strlen((const char *)gb)));
	return 0;
}
C
extra=
case $(grep -E 'HZ_SANITIZE:BOOL=ON|HZ_TSAN:BOOL=ON' "$build/CMakeCache.txt") in
*HZ_SANITIZE*) extra="-fsanitize=address,undefined" ;;
*HZ_TSAN*) extra="-fsanitize=thread" ;;
esac
# shellcheck disable=SC2046
if cc -std=c11 $extra $(pkg-config --cflags hz) "$work/detect.c" -o "$work/detect" \
	$(pkg-config --libs --static hz) 2>"$work/cc.err"; then
	got=$(LD_LIBRARY_PATH=$libdir "$work/detect")
	[ "$got" = GB18030 ] || fail "the program built against the moved tree printed '$got'"
else
	fail "cannot build against the moved tree: $(cat "$work/cc.err")"
fi

# man pages, and a completion for every tool
for page in "$src"/man/*.[1-9] "$src"/man/*/*.[1-9]; do
	[ -f "$page" ] || continue
	name=$(basename "$page") lang=${page#"$src"/man/}
	case $lang in */*) lang=${lang%%/*}/ ;; *) lang= ;; esac
	[ -f "$root/share/man/${lang}man${name##*.}/$name" ] || fail "man page ${lang}$name not installed"
done
for tool in $(ls "$root/bin"); do
	[ -e "$root/share/bash-completion/completions/$tool" ] || fail "no bash completion installed for $tool"
done
[ "$status" = 0 ] && echo "install-tree: a moved installation builds against libhz; pages and completions in place"
exit $status
