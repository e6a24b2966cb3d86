#!/usr/bin/env bash
# The example program of libhz(3) is real: extract it, build it against the
# library of this build, and check its count of open hazards against one
# made independently from hz-fmt's normalised JSON Lines.
set -u
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the lines between ".Bd -literal" and ".Ed" of the EXAMPLES section, \e as \
awk '/^\.Sh EXAMPLES/{ex=1} ex&&/^\.Bd -literal/{on=1;next} on&&/^\.Ed/{exit} on' \
	"$src/man/libhz.3" | sed 's/\\e/\\/g' > "$work/open-count.c"
lib=$(find "$build" -maxdepth 1 -name libhz.a | head -1)
[ -n "$lib" ] || { echo "libhz-example: no libhz.a in $build"; exit 1; }
flags=$(grep -E '^CMAKE_C_FLAGS:|HZ_SANITIZE:BOOL=ON|HZ_TSAN:BOOL=ON' "$build/CMakeCache.txt")
extra=
case $flags in *HZ_SANITIZE:BOOL=ON*) extra="-fsanitize=address,undefined" ;; esac
case $flags in *HZ_TSAN:BOOL=ON*) extra="-fsanitize=thread" ;; esac
if ! cc -std=c11 -Wall -Wextra -Werror $extra -I"$src/lib/include" "$work/open-count.c" \
	"$lib" -lcsv $(pkg-config --libs jansson libzip expat freexl) -lpthread -lm -o "$work/open-count" 2>"$work/cc.err"; then
	echo "libhz-example: the example of libhz(3) does not build:"; cat "$work/cc.err"; exit 1
fi
got=$("$work/open-count" "$src/examples/register.csv" 2>/dev/null)
status=$?
total=$("$build/hz-fmt" -q --normalize -o jsonl "$src/examples/register.csv" | grep -c '"type":"hazard"')
done_=$("$build/hz-fmt" -q --normalize -o jsonl "$src/examples/register.csv" | grep -cE '"stage":"(已整改|已销号)"')
want=$((total - done_))
if [ "$status" != 0 ] || [ "$got" != "$want" ] || [ "$want" -le 0 ]; then
	echo "libhz-example: the example printed '$got' (exit $status), want $want open of $total"
	exit 1
fi
echo "libhz-example: $got open hazards of $total, as hz-fmt counts"
