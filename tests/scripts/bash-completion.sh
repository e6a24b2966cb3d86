#!/usr/bin/env bash
# bash-completion.sh BUILD_DIR SRC_DIR - the bash completion that cmake
# --install puts in share/bash-completion/completions is loaded on demand
# by the bash-completion package for every tool, and completes options
# (from each tool's --help), option values, and hz's verbs.
set -u
build=${1:?usage: bash-completion.sh BUILD_DIR SRC_DIR}
main=/usr/share/bash-completion/bash_completion
[ -r "$main" ] || { echo "bash-completion: $main missing (Debian package bash-completion); skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/root" >"$work/install.log" 2>&1 ||
	{ echo "bash-completion: cmake --install failed:"; cat "$work/install.log"; exit 1; }
root=$work/root
export PATH="$root/bin:$PATH" XDG_DATA_DIRS="$root/share" BASH_COMPLETION_USER_DIR="$work/none"
export LC_ALL=C.UTF-8 HOME=$work
# shellcheck disable=SC1090
. "$main"
status=0
fail() {
	echo "bash-completion: FAIL $*"
	status=1
}

# every installed tool gets its completion from the installed file
tools=$(cd "$root/bin" && ls)
for t in $tools; do
	__load_completion "$t" || { fail "no completion loaded for $t"; continue; }
	complete -p "$t" 2>/dev/null | grep -q -- '-F _hz ' || fail "$t: completion is not hz's: $(complete -p "$t" 2>&1)"
done

# comp WORD...: what completing the last word offers, one a line, sorted
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	local prev=
	[ $# -ge 2 ] && prev=${COMP_WORDS[$# - 2]}
	_hz "$1" "${COMP_WORDS[$# - 1]}" "$prev"
	printf '%s\n' "${COMPREPLY[@]}" | sort
}

# expect WANT WORD...: the completions are exactly WANT (space-separated)
expect() {
	local want=$1 got
	shift
	got=$(comp "$@" | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "completing '$*': got '$got', want '$want'"
}
expect --strict hz-validate --str
expect "--filter" hz-validate --fil
expect validate hz va
expect "month-end" hz mo
expect "--filter" hz validate --fil
expect "--within" hz-alert --wi
expect "--version" hz-month-end --vers
expect "json jsonl" hz-fmt -o js
expect "csv json table xlsx" hz-tally -o ''
expect "xlsx" hz-fmt --output-format x
expect "duty" hz-add --type d
expect "json text" hz-validate --diagnostics ''
expect "reporter" hz-tally --by ''
expect "GB18030" hz-overdue -E G
expect "activity" hz-add --type a
expect "overdue" hz help ov
# every value the completion offers for -o, the tool takes: no usage error
for t in $tools; do
	"$t" --help 2>/dev/null | grep -q -- --output-format || continue
	for f in $(comp "$t" -o ''); do
		"$t" -o "$f" --help >/dev/null 2>"$work/err" && continue
		fail "$t -o $f: $(head -1 "$work/err")"
	done
done
# every tool offers --help among its options
for t in $tools; do
	comp "$t" -- | grep -qx -- --help || fail "$t: '--help' is not among the completions of '--'"
done
[ $status = 0 ] && echo "bash-completion: $(echo $tools | wc -w) tools complete options, values and verbs"
exit $status
