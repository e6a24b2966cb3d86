#!/usr/bin/env bash
# docs-stand-alone.sh BUILD_DIR SRC_DIR - the product's own documents are
# all a user gets: README, man pages, examples, completion and every
# tool's --help name no file outside the repository (the spec the project
# was built from is not shipped), and the man pages explain what the
# messages name: every rule (hz-validate(1), checked by test_rules), every
# 调度表 item (hz-tally(1)) and every field key (hz-formats(5)).
set -u
build=${1:?usage: docs-stand-alone.sh BUILD_DIR SRC_DIR}
src=${2:?usage: docs-stand-alone.sh BUILD_DIR SRC_DIR}
export LC_ALL=C.UTF-8
status=0
fail() {
	echo "docs-stand-alone: FAIL $*"
	status=1
}
outside='\.\./shared|shared/spec|shared/seeds|(rules|records|tally|tools|duties)\.md'

for f in "$src"/README*.md "$src"/man/* "$src"/man/*/* "$src"/examples/* "$src"/completions/* "$src"/bin/*; do
	[ -f "$f" ] || continue
	grep -nE "$outside" "$f" | sed "s|^|${f#"$src"/}:|" | while IFS= read -r hit; do
		echo "docs-stand-alone: FAIL refers outside the repository: $hit"
	done | grep . && status=1
done
tools=$(cd "$build" && ls hz hz-* 2>/dev/null | grep -v '\.')
for t in $tools; do
	"$build/$t" --help >"$build/.help.$$" 2>&1
	if grep -nE "$outside" "$build/.help.$$" >/dev/null; then
		fail "$t --help refers outside the repository: $(grep -E "$outside" "$build/.help.$$" | head -1)"
	fi
done
rm -f "$build/.help.$$"
"$build/hz" help 2>&1 | grep -qE "$outside" && fail "'hz help' refers outside the repository"

# every item of the 调度表, as hz-tally reports them, has its entry in hz-tally(1)
codes=$("$build/hz-tally" -q --as-of 2023-06-30 -o json </dev/null | grep -o '"code":"[0-9.]*"' | cut -d'"' -f4)
# as many as hz-tally(1) has entries: the page and the item table agree both ways
pinned=$(grep -cE '^\.It [0-9]+\.[0-9]+$' "$src/man/hz-tally.1")
[ "$(echo "$codes" | wc -l)" -eq "$pinned" ] || fail "hz-tally reports $(echo "$codes" | wc -l) items, hz-tally(1) explains $pinned"
for c in $codes; do
	grep -q "^\.It $c\$" "$src/man/hz-tally.1" || fail "hz-tally(1) does not explain item $c"
done
# every key of a record, as hz-fmt writes them, is explained in hz-formats(5)
keys=$(for f in register checks activities roster; do
	"$build/hz-fmt" -q -o jsonl "$src/examples/$f.csv"; done |
	grep -o '"[a-z_0-9]*":' | tr -d '":' | sort -u)
[ -n "$keys" ] || fail "no record keys from hz-fmt"
for k in $keys; do
	grep -qE "(^|[^a-z_])$k([^a-z_]|\$)" "$src/man/hz-formats.5" || fail "hz-formats(5) does not name the key $k"
done
[ $status = 0 ] && echo "docs-stand-alone: no outside references; $(echo "$codes" | wc -l) items and $(echo $keys | wc -w) keys explained"
exit $status
