#!/usr/bin/env bash
# i18n.sh BUILD_DIR SRC_DIR - messages follow the locale (hz(1), ENVIRONMENT).
#
# 1. Every message of the sources has a translation: the messages are
#    extracted again (po/update-pot on a copy of the sources) and every one
#    must have a non-empty, non-fuzzy translation in po/zh_CN.po; the
#    committed po/hz.pot must be that extraction.
# 2. Under LANG=zh_CN.UTF-8 no message, usage line or --help text is English
#    prose: every translation in po/zh_CN.po, every tool's --help, and the
#    stderr of every end-to-end case of
#    tests/cli that expects one (the failing commands), hold no ASCII word of
#    three letters or more outside the fixed parts: rule ids, options and
#    their values, file names, quoted values, the hz-TOOL: prefix, and the
#    names of formats and encodings.
# 3. Under LANG=C (the tests' C.UTF-8) every message and the same texts hold no Chinese
#    beyond the form's labels and vocabulary (the field tables of libhz) and
#    the quoted values.
set -u
build=${1:?usage: i18n.sh BUILD_DIR SRC_DIR}
src=${2:?usage: i18n.sh BUILD_DIR SRC_DIR}
build=$(cd "$build" && pwd)
src=$(cd "$src" && pwd)
fail=0
bad() {
	echo "i18n: $*"
	fail=1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- 1. the catalogue covers every message ----
for t in xgettext msgcmp msgattrib msgexec; do
	command -v $t >/dev/null || { echo "i18n: $t not found (Debian package gettext)"; exit 1; }
done
mkdir "$work/src"
cp -R "$src/lib" "$src/src" "$src/bin" "$src/po" "$work/src/"
sh "$work/src/po/update-pot" "$work/src" || bad "po/update-pot failed"
# msgcmp: every msgid of the fresh extraction is in zh_CN.po (and not fuzzy)
msgcmp "$src/po/zh_CN.po" "$work/src/po/hz.pot" 2>"$work/msgcmp" ||
	bad "messages without a translation in po/zh_CN.po: $(head -20 "$work/msgcmp")"
untranslated=$(msgattrib --untranslated --no-obsolete "$src/po/zh_CN.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$src/po/zh_CN.po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry as one msgid when anything matches
[ "$untranslated" -le 1 ] || bad "po/zh_CN.po: $((untranslated - 1)) messages untranslated"
[ "$fuzzy" -eq 0 ] || bad "po/zh_CN.po: $fuzzy fuzzy messages"
ids() { grep -E '^msgid' "$1" | sort; }
ids "$src/po/hz.pot" >"$work/committed.ids"
ids "$work/src/po/hz.pot" >"$work/fresh.ids"
diff -u "$work/committed.ids" "$work/fresh.ids" >"$work/ids.diff" ||
	bad "po/hz.pot is stale (cmake --build build --target pot): $(head -20 "$work/ids.diff")"
[ -s "$build/locale/zh_CN/LC_MESSAGES/hz.mo" ] || bad "no compiled catalogue in $build/locale"
n=$(grep -c '^msgid ' "$work/fresh.ids")
[ "$n" -gt 300 ] || bad "only $n messages extracted: the keywords of po/update-pot miss some"

# ---- the texts: every --help, and the failing commands' stderr ----
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	bad "the zh_CN.UTF-8 locale is missing (./bootstrap test generates it)"
	exit 1
fi
# run LOCALE OUT CMD...: CMD in the build tree's tools, stderr and stdout to OUT
run() {
	local loc=$1 out=$2
	shift 2
	(export PATH="$build:$PATH" LC_ALL="$loc" LANGUAGE= TZ=UTC COLUMNS= \
		EXAMPLES="$src/examples" SRC="$src" SHARED="$src/../shared"; "$@") >"$out" 2>&1
}
texts() {
	local loc=$1 dir=$2 i=0
	mkdir -p "$dir"
	for t in "$build"/hz "$build"/hz-*; do
		[ -x "$t" ] && [ -f "$t" ] || continue
		run "$loc" "$dir/help.$(basename "$t")" "$t" --help
		run "$loc" "$dir/usage.$(basename "$t")" "$t" --no-such-option
	done
	for c in "$src"/tests/cli/*/*/; do
		[ -f "$c/stderr" ] && [ -f "$c/cmd" ] || continue
		i=$((i + 1))
		rm -rf "$work/case" && cp -R "$c" "$work/case"
		input=/dev/null
		[ -f "$c/stdin" ] && input="$c/stdin"
		(cd "$work/case" && export PATH="$build:$PATH" LC_ALL="$loc" LANGUAGE= TZ=UTC COLUMNS= \
			EXAMPLES="$src/examples" SRC="$src" SHARED="$src/../shared" &&
			bash ./cmd <"$input" >/dev/null 2>"$dir/case.$i") || true
		echo "$c" >"$dir/case.$i.name"
	done
}
texts zh_CN.UTF-8 "$work/zh"
texts C.UTF-8 "$work/c"
ls "$work/zh" | grep -q '^case\.' || bad "no failing commands were run"

# The fixed parts, removed before looking for prose: quoted values, file
# names and paths, options, rule ids, tool names, environment variables.
strip_fixed() {
	sed -E \
		-e "s/'[^']*'//g" -e 's/“[^”]*”//g' -e 's/"[^"]*"//g' \
		-e 's/\[[a-z0-9-]+\]$//' \
		-e 's#[^[:space:]（）()“”，、：:]*[./][^[:space:]（）()“”，、：:]*##g' \
		-e 's/(^|[^A-Za-z])--?[A-Za-z][-A-Za-z0-9]*/\1/g' \
		-e 's/hz(-[a-z-]+)?//g' -e 's/\$?HZ_[A-Z_]+//g' -e 's/\$[A-Za-z_]+//g' -e 's/<stdin>|<command line>//g' \
		-e 's/[^[:space:]]+=[^[:space:]]+//g'
}

# ---- 2. Chinese: no English prose ----
# Names of formats, encodings and option values, which a clerk types as such.
allowed=' CSV TSV JSON Lines UTF BOM CRLF NUL FFFD Excel WPS iconv YYYY YYYYQn MM DD GB18030 GBK GB2312 XML DOCTYPE BIFF BIFF8 FAT OLE2 zip UTF-16LE UTF-16BE auto
 csv tsv jsonl json xlsx xls table text zh en hazard check activity roster duty
 reporter office enterprise high_risk crowded month quarter half year once code
 label applies every due start end by null gb18030 reports man mandoc less PREFIX
 share mail items since unit skipped unsourced value value2 as_of type progress date
 curl robot dir webhook http https
 submission register YYYYH1 report collect
 validate add progress edit overdue tally fmt alert month log help all docx notice bulletin '
allowed=" $(printf '%s' "$allowed" | tr '\n' ' ') "
# every translation, whether or not a test makes the tools print it (its
# printf directives removed)
msgexec -i "$src/po/zh_CN.po" sh -c '[ -z "$MSGEXEC_MSGID" ] || { cat; echo; }' |
	sed -E -e 's/%([0-9]+\$)?[-+ #0]*([0-9]+|\*([0-9]+\$)?)?(\.([0-9]+|\*([0-9]+\$)?))?(hh|h|ll|l|z|j|t)?[a-zA-Z]//g' \
		-e 's/%<PRId64>//g' >"$work/zh/msgstr"
[ -s "$work/zh/msgstr" ] || bad "msgexec gave no translations"
for f in "$work"/zh/msgstr "$work"/zh/help.* "$work"/zh/usage.* "$work"/zh/case.[0-9]*; do
	case $f in *.name) continue ;; esac
	words=$(strip_fixed <"$f" | grep -oE '[A-Za-z][A-Za-z_0-9]{2,}' | sort -u)
	for w in $words; do
		case $allowed in *" $w "*) continue ;; esac
		what=$(basename "$f")
		[ -f "$f.name" ] && what=$(cat "$f.name")
		bad "LANG=zh_CN.UTF-8: English word '$w' in $what: $(grep -m1 -- "$w" "$f")"
	done
done

# ---- 3. English: no Chinese beyond the form's labels ----
# The labels: every Chinese word of the field, vocabulary, item, status
# and schedule tables, and the names of the forms.
labels=$(cat "$src"/lib/model/fields.c "$src"/lib/model/vocab.c "$src"/lib/model/items.c "$src"/lib/ops/overdue.c \
	"$src"/lib/ops/due.c "$src"/lib/ops/schedule.c "$src"/lib/ops/tally_write.c \
	"$src"/lib/ops/notice.c "$src"/lib/ops/bulletin.c 2>/dev/null |
	grep -oP '[\p{Han}（）]+' | sort -u)
labels="$labels
调度表
附件1
附件2
合计
校验
通报
落款
清单
社区
部门"
# every English message, printed or not
msgexec -i "$src/po/hz.pot" sh -c 'printf "%s\n" "$MSGEXEC_MSGID"' >"$work/c/msgid"
for f in "$work"/c/msgid "$work"/c/help.* "$work"/c/usage.* "$work"/c/case.[0-9]*; do
	case $f in *.name) continue ;; esac
	runs=$(strip_fixed <"$f" | grep -oP '[\p{Han}]+' | sort -u)
	for w in $runs; do
		printf '%s\n' "$labels" | grep -qF -- "$w" && continue
		what=$(basename "$f")
		[ -f "$f.name" ] && what=$(cat "$f.name")
		bad "LANG=C: Chinese '$w' in $what: $(grep -m1 -- "$w" "$f")"
	done
done

# The fixed parts really are fixed: the prefix, the severity-free JSON keys
# and the rule id of a finding are the same in both locales.
cat >"$work/reg.csv" <<'EOF'
序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段
x,消防,通道堵塞,街道,清理,2023-06-01,2023-06-10,甲公司,已整改
EOF
run zh_CN.UTF-8 "$work/zh.txt" hz-validate --today 2023-07-01 "$work/reg.csv"
run C.UTF-8 "$work/c.txt" hz-validate --today 2023-07-01 "$work/reg.csv"
run zh_CN.UTF-8 "$work/zh.json" hz-validate --today 2023-07-01 --diagnostics json "$work/reg.csv"
run C.UTF-8 "$work/c.json" hz-validate --today 2023-07-01 --diagnostics json "$work/reg.csv"
grep -q "^hz-validate: $work/reg.csv:2: 错误: 序号“x”不是正整数（序号 x，第 2 行） \[bad-id\]$" "$work/zh.txt" ||
	bad "zh_CN: the bad-id finding is not as expected: $(cat "$work/zh.txt")"
grep -q "^hz-validate: $work/reg.csv:2: error: 序号 'x' is not a positive integer (序号 x, row 2) \[bad-id\]$" "$work/c.txt" ||
	bad "C: the bad-id finding is not as expected: $(cat "$work/c.txt")"
# the JSON lines differ only in "message"
grep '^{' "$work/zh.json" | sed -E 's/"message":"[^"]*"//' >"$work/zh.keys"
grep '^{' "$work/c.json" | sed -E 's/"message":"[^"]*"//' >"$work/c.keys"
[ -s "$work/c.keys" ] || bad "hz-validate --diagnostics json wrote no finding"
diff -u "$work/c.keys" "$work/zh.keys" >/dev/null || bad "JSON findings differ beyond the message between locales"
grep -q '"message":"涉及层面“街道”无效，应为市或县区"' "$work/zh.json" ||
	bad "zh_CN: JSON message not translated: $(cat "$work/zh.json")"
# numbers stay in the C locale's form whatever LC_NUMERIC says
run "zh_CN.UTF-8" "$work/tally.json" hz-tally --as-of 2023-07-01 -o json "$src/examples/register.csv"
grep -q '"as_of":"2023-07-01"' "$work/tally.json" || bad "hz-tally -o json under zh_CN: $(head -c 300 "$work/tally.json")"

# an installation finds its catalogue, wherever it was installed
if cmake --install "$build" --prefix "$work/inst" >"$work/install.log" 2>&1; then
	[ -s "$work/inst/share/locale/zh_CN/LC_MESSAGES/hz.mo" ] || bad "cmake --install put no hz.mo in share/locale"
	LC_ALL=zh_CN.UTF-8 LANGUAGE= HZ_LOCALEDIR= "$work/inst/bin/hz-tally" --no-such-option 2>"$work/inst.err"
	grep -q '未知的选项' "$work/inst.err" || bad "an installed tool speaks English under zh_CN: $(cat "$work/inst.err")"
	LC_ALL=zh_CN.UTF-8 LANGUAGE= HZ_LOCALEDIR= "$work/inst/bin/hz-alert" --no-such-option 2>"$work/inst.err"
	grep -q '未知的选项' "$work/inst.err" || bad "the installed hz-alert speaks English under zh_CN: $(cat "$work/inst.err")"
else
	bad "cmake --install failed: $(tail -5 "$work/install.log")"
fi

[ $fail -eq 0 ] && echo "i18n: $n messages, all translated; texts checked in zh_CN.UTF-8 and C"
exit $fail
