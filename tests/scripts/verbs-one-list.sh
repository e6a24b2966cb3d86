#!/bin/bash
# One list of the verbs: hz's own table (src/hz.c, as `hz help` prints it)
# is the list; every tool and script of the build is on it, and hz(1)'s
# verb list, the bash completion's `complete` line and the man pages follow
# it. A new tool that misses one of them fails here, naming it.
set -u
build=$1 src=$2
fail=0
bad() { echo "verbs-one-list: $*"; fail=1; }

verbs=$(LC_ALL=C "$build/hz" help | awk '/^verbs:/ { v = 1; next } v && /^  [a-z]/ { print $1 }')
[ -n "$verbs" ] || { echo "verbs-one-list: 'hz help' lists no verb"; exit 1; }
tools=$(cd "$build" && ls hz-* 2>/dev/null | grep -v '\.' | sed 's/^hz-//' | sort)
[ "$(sort <<<"$verbs")" = "$tools" ] ||
	bad "'hz help' and the build's tools differ: $(diff <(sort <<<"$verbs") <(echo "$tools") | grep '^[<>]' | tr '\n' ' ')"

# hz(1): its verb list, in the same order
man_verbs=$(awk '/^The verbs are:/ { v = 1 } v && /^\.It Cm / { print $3 } v && /^\.El/ { exit }' "$src/man/hz.1")
[ "$man_verbs" = "$verbs" ] ||
	bad "hz(1)'s verb list differs from 'hz help': $(diff <(echo "$man_verbs") <(echo "$verbs") | grep '^[<>]' | tr '\n' ' ')"

# the completion's complete line names hz and every hz-VERB
complete_line=$(sed -n '/complete -F _hz/,/^$/p' "$src/completions/hz" | tr -d '\\\n')
for v in $verbs; do
	grep -qw -- "hz-$v" <<<"$complete_line" || bad "completions/hz: hz-$v is not on the complete line"
	[ -f "$src/man/hz-$v.1" ] || bad "no man page man/hz-$v.1"
done
[ $fail = 0 ] && echo "verbs-one-list: $(echo $verbs | wc -w) verbs, the same in hz help, the build, hz(1) and the completion"
exit $fail
