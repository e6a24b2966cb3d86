#!/usr/bin/env bash
# libhz.so exports its public API (the functions of lib/include/hz/*.h) and
# nothing else: it is built with -fvisibility=hidden and the public headers
# mark their declarations (hz/api.h).
# usage: bash libhz-symbols.sh BUILD_DIR SRC_DIR
set -u
build=$1 src=$2
lib=$build/libhz.so
[ -f "$lib" ] && command -v nm >/dev/null || { echo "no libhz.so or nm"; exit 77; }
fails=0
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort)
declared=$(grep -ho '\bhz_[a-z0-9_]*(' "$src"/lib/include/hz/*.h | tr -d '(' | sort -u)
documented=$(grep -o 'Fn hz_[a-z0-9_]*' "$src/man/libhz.3" | cut -c4- | sort -u)
for f in $exported; do
	grep -qx "$f" <<<"$declared" || { echo "FAIL: $f is exported but not in a public header"; fails=$((fails + 1)); }
	grep -qx "$f" <<<"$documented" || { echo "FAIL: $f is exported but libhz(3) does not name it"; fails=$((fails + 1)); }
done
for f in $documented; do
	grep -qx "$f" <<<"$exported" || { echo "FAIL: libhz(3) names $f, which libhz.so does not export"; fails=$((fails + 1)); }
done
for f in hz_session_add_records hz_reader_open hz_validate_record hz_tally_write_json; do
	grep -qx "$f" <<<"$exported" || { echo "FAIL: $f is not exported"; fails=$((fails + 1)); }
done
# The tools' process policy (fds 0-2, SIGPIPE, stderr's buffer, option
# parsing) lives in src/common, linked into each tool: a program that links
# libhz gets none of it.
# (signal(3) is there, but only in the .xls reader's child process, which
# resets its fatal signals to their defaults before FreeXL runs.)
policy=$(nm -D "$lib" | awk '{ print $NF }' | sed 's/@.*//' |
	grep -E '^(hz_cli_|sigaction$|setvbuf$|getopt_long$)' || true)
[ -z "$policy" ] || { echo "FAIL: libhz.so has process policy: $policy"; fails=$((fails + 1)); }
[ $fails -eq 0 ] || exit 1
echo "ok: $(wc -w <<<"$exported") functions exported"
