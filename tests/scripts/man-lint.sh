#!/usr/bin/env bash
# man-lint.sh BUILD_DIR SRC_DIR - every man page passes `mandoc -T lint`
# with no output at all: no error, no warning, no style note.
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
pages=("$src"/man/*.[1-8])
if [ ${#pages[@]} -eq 0 ]; then
	echo "man-lint: no man pages in $src/man"
	exit 1
fi

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
ours=" "
for page in "${pages[@]}"; do
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
		kept="$kept$line"$'\n'
	done <<<"$out"
	if [ -n "$kept" ] || [ $rc -gt 1 ]; then
		echo "man-lint: $rel: mandoc -T lint (exit $rc):"
		printf '%s' "$kept"
		status=1
	fi
done
[ $status -eq 0 ] && echo "man-lint: ${#pages[@]} pages clean"
exit $status
