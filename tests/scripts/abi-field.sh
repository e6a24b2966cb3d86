#!/bin/bash
# A new field is no ABI change (libhz(3)): a program built against this
# build's headers and libhz.so runs unchanged, with the same result, against
# a libhz.so rebuilt with one more field in the hazard table. Records and
# schemas are opaque; the key a program names keeps its value because keys
# are added at the end of hz_key (HACKING.md, "A field").
set -u
build=$1 src=$2
[ -f "$build/libhz.so" ] || { echo "abi-field: no libhz.so in $build"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=$(grep -E 'HZ_SANITIZE:BOOL=ON|HZ_TSAN:BOOL=ON|CMAKE_BUILD_TYPE:STRING=Release' "$build/CMakeCache.txt")
extra= cmake_extra=
case $flags in *HZ_SANITIZE:BOOL=ON*) extra="-fsanitize=address,undefined" cmake_extra=-DHZ_SANITIZE=ON ;; esac
case $flags in *HZ_TSAN:BOOL=ON*) extra="-fsanitize=thread" cmake_extra=-DHZ_TSAN=ON ;; esac

# libhz(3)'s example and a probe of the hazard table's width, both against
# the headers of the source tree and this build's libhz.so
awk '/^\.Sh EXAMPLES/{ex=1} ex&&/^\.Bd -literal/{on=1;next} on&&/^\.Ed/{exit} on' \
	"$src/man/libhz.3" | sed 's/\\e/\\/g' >"$work/open-count.c"
# (the width, then what lies past the key-sized part of a schema: the
# 填报单位 of the title rows and the column of 整改阶段)
cat >"$work/width.c" <<'C'
#include <stdio.h>
#include <hz/reader.h>
int main(int argc, char **argv)
{
	hz_schema *s = hz_schema_full(HZ_HAZARD, false);
	printf("%zu\n", hz_schema_ncols(s));
	hz_schema_unref(s);
	hz_read_opts o;
	hz_diag d;
	hz_read_opts_init(&o);
	hz_diag_init(&d, "width");
	hz_reader *in = hz_reader_open(argc > 1 ? argv[1] : "-", &o, &d);
	hz_record *r = hz_reader_next(in);
	if (r)
		printf("%s %d\n", hz_schema_reporter(hz_record_schema(r)) ? hz_schema_reporter(hz_record_schema(r)) : "-",
		       hz_schema_column(hz_record_schema(r), HZ_K_STAGE));
	hz_reader_close(in);
	return r ? 0 : 1;
}
C
for p in open-count width; do
	cc -std=c11 -Wall -Wextra -Werror $extra -I"$src/lib/include" -I"$build/include" "$work/$p.c" \
		-L"$build" -lhz -o "$work/$p" 2>"$work/cc.err" ||
		{ echo "abi-field: $p.c does not build against libhz.so:"; cat "$work/cc.err"; exit 1; }
done
before=$(LD_LIBRARY_PATH=$build "$work/open-count" "$src/examples/register.csv") ||
	{ echo "abi-field: the example fails against this build's libhz.so"; exit 1; }
probe_before=$(LD_LIBRARY_PATH=$build "$work/width" "$src/examples/register.csv") ||
	{ echo "abi-field: the probe fails against this build's libhz.so"; exit 1; }
width_before=$(head -1 <<<"$probe_before")

# the same library with one more hazard field, as HACKING.md's recipe adds it
mkdir "$work/tree"
for d in CMakeLists.txt cmake lib src bin po man completions; do cp -R "$src/$d" "$work/tree/"; done
sed -i 's/^\tHZ_KEY_COUNT,/\tHZ_K_ABI_PROBE,\n\tHZ_KEY_COUNT,/' "$work/tree/lib/include/hz/fields.h"
awk '/^static const hz_field hazard_fields\[\] = \{/ { in_h = 1 }
	in_h && /^};/ { print "\t{ HZ_K_ABI_PROBE, \"abi_probe\", \"测试字段\", { 0 }, HZ_KIND_TEXT, 0 },"; in_h = 0 }
	{ print }' "$work/tree/lib/model/fields.c" >"$work/fields.c" && mv "$work/fields.c" "$work/tree/lib/model/fields.c"
grep -q HZ_K_ABI_PROBE "$work/tree/lib/model/fields.c" || { echo "abi-field: could not add the field"; exit 1; }
{ cmake -S "$work/tree" -B "$work/new" -DHZ_TESTS=OFF $cmake_extra &&
	cmake --build "$work/new" -j2 --target libhz_shared; } >"$work/build.log" 2>&1 ||
	{ echo "abi-field: the library with one more field does not build:"; tail -20 "$work/build.log"; exit 1; }

probe_after=$(LD_LIBRARY_PATH=$work/new "$work/width" "$src/examples/register.csv") ||
	{ echo "abi-field: the probe fails against the library with a new field"; exit 1; }
width_after=$(head -1 <<<"$probe_after")
[ "$(tail -1 <<<"$probe_after")" = "$(tail -1 <<<"$probe_before")" ] ||
	{ echo "abi-field: the schema reads '$(tail -1 <<<"$probe_after")' with the new library, '$(tail -1 <<<"$probe_before")' with the old"; exit 1; }
[ "$width_after" = $((width_before + 1)) ] ||
	{ echo "abi-field: the rebuilt library has $width_after hazard fields, want $((width_before + 1))"; exit 1; }
after=$(LD_LIBRARY_PATH=$work/new "$work/open-count" "$src/examples/register.csv") ||
	{ echo "abi-field: the old program fails against the library with a new field"; exit 1; }
[ "$after" = "$before" ] ||
	{ echo "abi-field: the old program counts $after open hazards with the new library, $before with the old"; exit 1; }
echo "abi-field: the program built before the new field counts $after open hazards against both libraries ($width_before and $width_after hazard fields)"
