#!/bin/bash
# The shape of a tool (HACKING.md, "A tool"): src/hz*.c parses options with
# src/common and calls the library. Its main fits on a screen (60 lines),
# and the process policy (signals, option parsing, descriptors) is
# src/common's alone: no tool includes <signal.h> or <getopt.h> itself.
set -u
src=$2
fail=0
for f in "$src"/src/hz*.c; do
	n=$(awk '/^int main\(/ { s = NR } s && /^}/ { print NR - s + 1; exit }' "$f")
	[ -n "$n" ] || { echo "tool-shape: $f has no main"; fail=1; continue; }
	[ "$n" -le 60 ] || { echo "tool-shape: ${f#"$src"/}: main is $n lines (at most 60)"; fail=1; }
	if grep -nE '#include <(signal|getopt)\.h>' "$f"; then
		echo "tool-shape: ${f#"$src"/} does its own process set-up (src/common/cli.c's job)"
		fail=1
	fi
done
[ $fail = 0 ] && echo "tool-shape: $(ls "$src"/src/hz*.c | wc -l) tools, each main at most 60 lines"
exit $fail
