#!/usr/bin/env bash
# man-lint.sh BUILD_DIR SRC_DIR - every man page, English (man/) and
# translated (man/LANG/), passes `mandoc -T lint` with no output at all: no
# error, no warning, no style note. And man(1) as the user runs it (man-db
# and groff, when the machine has them) formats each page in its language
# without a word: no "can't break line", and no page that never ends.
#
# mandoc checks that every .Xr names a page it can find. The hz pages are
# not installed while the tests run, so they are put in a scratch manual
# tree (with its makewhatis database) and lint searches only that tree:
# a reference to an hz page that does not exist still fails. References to
# pages outside hz (iconv(1), cron(8), ...) depend on what the machine has
# installed, so "referenced manual not found" is ignored for those alone.
# A reference to a missing hz page fails when the tool is in the tree
# (src/NAME.c or bin/NAME: a tool without its page); a page of a tool still
# to be written is only noted.
set -u
src=${2:?usage: man-lint.sh BUILD_DIR SRC_DIR}

if ! command -v mandoc >/dev/null 2>&1; then
	echo "man-lint: mandoc not found (Debian package mandoc); skipped"
	exit 77
fi
shopt -s nullglob
pages=("$src"/man/*.[1-8] "$src"/man/*/*.[1-8])
if [ ${#pages[@]} -eq 0 ]; then
	echo "man-lint: no man pages in $src/man"
	exit 1
fi

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
ours=" "
for page in "$src"/man/*.[1-8]; do
	name=${page##*/}
	sec=${name##*.}
	mkdir -p "$tree/man$sec"
	cp "$page" "$tree/man$sec/"
	ours="$ours${name%.*}($sec) "
done
makewhatis=$(PATH=$PATH:/usr/sbin:/sbin command -v makewhatis || true)
[ -n "$makewhatis" ] && "$makewhatis" "$tree" >/dev/null 2>&1

status=0
for page in "${pages[@]}"; do
	rel=${page#"$src"/}
	out=$(cd "$src" && mandoc -T lint -W style -M "$tree" "$rel" 2>&1)
	rc=$?
	kept=
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		case $line in
		*"referenced manual not found: Xr "*)
			ref=${line##*: Xr }
			ref=${ref% (*times)}	# "Xr cron 8 (2 times)"
			ref="${ref% *}(${ref##* })"
			name=${ref%(*}
			case $ours in *" $ref "*) ;; *)
				case $name in hz | hz-* | libhz) ;; *)
					echo "man-lint: $rel: external $ref not checked"
					continue ;;
				esac
				# A tool of the tree without its page fails; a
				# page of a tool still to come is only noted.
				if [ ! -e "$src/src/$name.c" ] && [ ! -e "$src/bin/$name" ]
				then
					echo "man-lint: $rel: $ref not written yet (no tool $name)"
					continue
				fi ;;
			esac ;;
		esac
		# mandoc counts bytes: a line of Chinese (3 bytes, 2 columns a
		# character) is long at 27 characters. A translated page is held
		# to 80 columns instead (checked below).
		case $rel:$line in man/*/*:*"input text line longer than 80 bytes"*) continue ;; esac
		kept="$kept$line"$'\n'
	done <<<"$out"
	case $rel in man/*/*)
		wide=$(python3 -c '
import sys, unicodedata
lit = False
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if line.startswith(".Bd") or line.startswith(".Ed"):
        lit = line.startswith(".Bd") and "-literal" in line
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    if w > 80 and not lit and not line.startswith("."):
        print("%s:%d: text line of %d columns (80 at most)" % (sys.argv[2], n, w))
' "$page" "$rel" 2>&1)
		[ -n "$wide" ] && kept="$kept$wide"$'\n' ;;
	esac
	if [ -n "$kept" ] || [ $rc -gt 1 ]; then
		echo "man-lint: $rel: mandoc -T lint (exit $rc):"
		printf '%s' "$kept"
		status=1
	fi
done

# groff as man-db runs it on a UTF-8 terminal: a page's Chinese breaks
# between characters when the page loads zh.tmac; a long run of Chinese
# that groff cannot break is "can't break line". groff 1.22.4 loops for
# ever on CJK breaking inside a .Bl -column cell, so a page with tables
# does not load zh.tmac, and its warnings are its tables' (noted, not
# failed); a page that does not finish in 20 s fails.
rendered=0
if command -v man >/dev/null 2>&1 && man --version 2>/dev/null | grep -q '^man ' &&
	command -v groff >/dev/null 2>&1; then
	for page in "${pages[@]}"; do
		rel=${page#"$src"/}
		case $rel in man/zh_CN/*) loc=zh_CN.UTF-8 ;; *) loc=C.UTF-8 ;; esac
		locale -a 2>/dev/null | grep -qi "^${loc%.UTF-8}.utf-\?8$" || loc=C.UTF-8
		err=$(LC_ALL=$loc MANWIDTH=80 MAN_KEEP_FORMATTING= timeout 20 man -l "$page" 2>&1 >/dev/null)
		rc=$?
		if [ $rc -eq 124 ]; then
			echo "man-lint: $rel: man -l did not finish in 20 s (groff looping on CJK line breaks?)"
			status=1
		elif [ -n "$err" ]; then
			if grep -q '^\.Bl -column' "$page" && ! grep -q 'mso zh.tmac' "$page"; then
				echo "man-lint: $rel: note: man -l: $(printf '%s\n' "$err" | grep -c "can't break line") lines too long in tables"
			else
				echo "man-lint: $rel: man -l (LC_ALL=$loc) is not silent:"
				printf '%s\n' "$err" | head -5
				status=1
			fi
		fi
		rendered=$((rendered + 1))
	done
fi
[ $status -eq 0 ] && echo "man-lint: ${#pages[@]} pages clean; $rendered formatted by man -l"
exit $status
