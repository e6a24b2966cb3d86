#!/usr/bin/env bash
# catalogue-hostile.sh BUILD_DIR SRC_DIR - a crafted message catalogue under
# HZ_LOCALEDIR (the second hostile audit's R11): translations that add %n
# or a %s to a C format, that run $(...) or `...` in the scripts, or name
# other $variables. Each is taken as data: the C tools use the English
# text for it (one warning), the scripts print it as text or use English.
set -u
build=$(cd "${1:?usage: catalogue-hostile.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
src=$(cd "${2:?usage: catalogue-hostile.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
export HZ_TODAY=2023-07-01
unset LANG LANGUAGE
if ! command -v msgfmt >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1 ||
   ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
	echo "catalogue-hostile: no msgfmt, python3 or zh_CN.UTF-8 locale; skipped"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export PYTHONPATH=$src/tests/scripts/lib
status=0
fail() {
	echo "catalogue-hostile: FAIL $*"
	status=1
}
run() {
	local limit=$1 name=$2
	shift 2
	timeout -s KILL "$limit" "$@" >"$name.out" 2>"$name.err"
	rc=$?
	! grep -q 'Sanitizer\|runtime error' "$name.err" || fail "$name: a sanitizer finding reached the tool"
}
V=$build/hz-validate
python3 -c 'from workbooks import *; xlsx("good.xlsx", [("S1", inline_row(1, HDR) + inline_row(2, REC))])' || exit 1

# R11: a crafted catalogue: translations with %n, a %s too many, $(...);
# English is used for them (once, with a warning), nothing is run
mkdir -p cat/zh_CN/LC_MESSAGES
cat >cat.po <<'PO'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgid "%s: checked %ld records: %ld errors, %ld warnings\n"
msgstr "%s: %n%n%n%n 已检查 %ld 条记录：%ld 个错误，%ld 个警告 %s\n"

msgid "a DOCTYPE, which no spreadsheet has"
msgstr "%s%s%s%s%s%s%s%s"

msgid "unknown option '$opt'"
msgstr "$(touch PWNED)`touch PWNED`未知的选项“$opt”"

msgid "--within: '$within' is not a number of days"
msgstr "$opt $within"
PO
msgfmt -o cat/zh_CN/LC_MESSAGES/hz.mo cat.po || exit 1
{
	printf '<!DOCTYPE x [<!ENTITY a "b">]><x/>' >doctype.xml
	python3 -c 'import zipfile; z = zipfile.ZipFile("r11.xlsx", "w"); z.write("doctype.xml", "xl/workbook.xml"); z.close()'
	export HZ_LOCALEDIR=$work/cat
	LC_ALL=zh_CN.UTF-8 run 20 r11 "$V" good.xlsx r11.xlsx
	[ $rc -eq 2 ] || fail "R11: status $rc: $(cat r11.err)"
	grep -q 'hz-validate: checked 1 records: 0 errors, 0 warnings' r11.err || fail "R11: $(cat r11.err)"
	grep -q 'a DOCTYPE, which no spreadsheet has' r11.err || fail "R11: $(cat r11.err)"
	[ "$(grep -c "translation of .* English is used" r11.err)" -eq 1 ] || fail "R11: not one warning: $(cat r11.err)"
	LC_ALL=zh_CN.UTF-8 run 20 r11a sh "$build/hz-alert" --bogus
	[ ! -e PWNED ] || fail "R11: hz-alert ran a translation"
	grep -q '^hz-alert: \$(touch PWNED)`touch PWNED`未知的选项“--bogus”' r11a.err || fail "R11: $(cat r11a.err)"
	LC_ALL=zh_CN.UTF-8 run 20 r11b sh "$build/hz-alert" --within x
	grep -q "names other variables" r11b.err && grep -q "'x' is not a number of days" r11b.err ||
		fail "R11: a translation naming other variables: $(cat r11b.err)"
	LC_ALL=zh_CN.UTF-8 run 20 r11m sh "$build/hz-month-end" --bogus
	[ ! -e PWNED ] || fail "R11: hz-month-end ran a translation"
}


[ $status -eq 0 ] && echo "catalogue-hostile: all cases pass"
exit $status
