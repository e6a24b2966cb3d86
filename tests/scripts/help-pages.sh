#!/usr/bin/env bash
# help-pages.sh BUILD_DIR SRC_DIR - the pages a user reads: `hz help VERB`
# opens the page of hz-VERB from the build tree and from an installation
# (wherever its prefix), in Chinese under a Chinese locale and in English
# otherwise; `man PAGE` and `man -l` of every installed page under
# LANG=zh_CN.UTF-8 show the Chinese page, under C the English one.
set -u
build=${1:?usage: help-pages.sh BUILD_DIR SRC_DIR}
src=${2:?usage: help-pages.sh BUILD_DIR SRC_DIR}
if ! man --version 2>/dev/null | grep -q '^man '; then
	echo "help-pages: no man-db man(1); skipped"
	exit 77
fi
zh=zh_CN.UTF-8
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' || { echo "help-pages: no zh_CN.UTF-8 locale; skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() {
	echo "help-pages: FAIL $*"
	status=1
}
export MANPAGER=cat PAGER=cat MANWIDTH=200 LANGUAGE=
unset MANPATH

# The description of a page (.Nd) as man prints it on one line, up to its
# first other escape (\(en prints as a dash).
nd() { sed -n 's/^\.Nd //p' "$1" | sed -e 's/\\&//g' -e 's/\\-/-/g' -e 's/ *\\.*//'; }
# Does the text on stdin hold the description (spaces as man sets them)?
shows() {
	tr -s ' \n' '  ' | grep -qF -- "$(printf '%s' "$1" | tr -s ' ' ' ')"
}

en_nd=$(nd "$src/man/hz-add.1")
zh_nd=$(nd "$src/man/zh_CN/hz-add.1")
[ -n "$en_nd" ] && [ -n "$zh_nd" ] || { echo "help-pages: no .Nd in man/hz-add.1 or man/zh_CN/hz-add.1"; exit 1; }

# hz help from a place: English under C, Chinese under zh_CN, English under
# C even with LANGUAGE=zh_CN (gettext ignores LANGUAGE in the C locale).
check_help() {
	local hz=$1 where=$2 out
	out=$(LC_ALL=C.UTF-8 "$hz" help add 2>&1) || fail "$where: hz help add exits $?: $out"
	printf '%s' "$out" | shows "$en_nd" || fail "$where: 'hz help add' under C does not show hz-add(1): $(printf '%s' "$out" | head -3)"
	out=$(LC_ALL=$zh "$hz" help add 2>&1) || fail "$where: LC_ALL=$zh hz help add exits $?"
	printf '%s' "$out" | shows "$zh_nd" || fail "$where: 'hz help add' under $zh does not show the Chinese page: $(printf '%s' "$out" | head -3)"
	out=$(LC_ALL= LC_MESSAGES= LANG=$zh "$hz" help add 2>&1)
	printf '%s' "$out" | shows "$zh_nd" || fail "$where: 'hz help add' under LANG=$zh does not show the Chinese page"
	out=$(LC_ALL=C.UTF-8 LANGUAGE=zh_CN "$hz" help add 2>&1)
	printf '%s' "$out" | shows "$en_nd" || fail "$where: 'hz help add' under C with LANGUAGE=zh_CN is not English"
	out=$(LC_ALL=C.UTF-8 "$hz" help no-such-verb 2>&1) && fail "$where: hz help no-such-verb exits 0"
}
check_help "$build/hz" "build tree"

# An installation in a scratch prefix, moved elsewhere (relocatable).
cmake --install "$build" --prefix "$work/first" >"$work/install.log" 2>&1 ||
	{ echo "help-pages: cmake --install failed:"; cat "$work/install.log"; exit 1; }
mv "$work/first" "$work/prefix"
root=$work/prefix
mandir=$(cd "$root" && find . -type d -name man1 -path '*/man/man1' | head -1)
mandir=$root/${mandir%/man1}
[ -d "$mandir" ] || { echo "help-pages: no man1 folder installed"; exit 1; }
# the installed page, marked, so that the test sees which copy is shown
printf '.Pp\nINSTALLED-COPY\n' >>"$mandir/zh_CN/man1/hz-add.1"
printf '.Pp\nINSTALLED-COPY\n' >>"$mandir/man1/hz-add.1"
check_help "$root/bin/hz" "install prefix"
LC_ALL=$zh "$root/bin/hz" help add 2>/dev/null | grep -q INSTALLED-COPY ||
	fail "install prefix: hz help add does not show the installed page"

# Every installed page: a Chinese twin in share/man/zh_CN/manN that man -l
# shows in Chinese, and `man NAME` with the installation on MANPATH.
n=0
for page in "$mandir"/man[1-9]/*; do
	name=${page##*/} sec=${page%/*}
	sec=${sec##*/man}
	twin=$mandir/zh_CN/man$sec/$name
	if [ ! -f "$twin" ]; then
		fail "$name: no Chinese page installed as share/man/zh_CN/man$sec/$name (write man/zh_CN/$name)"
		continue
	fi
	want=$(nd "$src/man/zh_CN/$name")
	out=$(LC_ALL=$zh timeout 20 man -l "$twin" 2>/dev/null)
	printf '%s' "$out" | shows "$want" || fail "LC_ALL=$zh man -l $twin does not show '$want'"
	out=$(LC_ALL= LC_MESSAGES= LANG=$zh MANPATH=$mandir timeout 20 man "$sec" "${name%.*}" 2>/dev/null)
	printf '%s' "$out" | shows "$want" || fail "LANG=$zh man $sec ${name%.*} (MANPATH=$mandir) does not show the Chinese page"
	out=$(LC_ALL=C.UTF-8 MANPATH=$mandir timeout 20 man "$sec" "${name%.*}" 2>/dev/null)
	printf '%s' "$out" | shows "$(nd "$src/man/$name")" || fail "LC_ALL=C man $sec ${name%.*} does not show the English page"
	n=$((n + 1))
done
[ $status -eq 0 ] && echo "help-pages: hz help add from the build tree and a moved installation; $n installed pages in Chinese and English"
exit $status
