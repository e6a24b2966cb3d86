#!/usr/bin/env bash
# hostile-input.sh BUILD_DIR SRC_DIR - hz-validate on hostile input, made here
# at run time: an unterminated quote, a stray quote, a NUL byte, a UTF-16
# file, invalid UTF-8, a 100 MB cell (unquoted, and quoted across lines), a
# 100 MB JSON line, a JSON line nested 10,000 deep, duplicate JSON keys.
# An open quote followed by more than the reader keeps in memory (8 MB) is
# read again from the file; from a pipe or with -E, where it cannot be, the
# record is dropped at 8 MB and the lines after its first read from what was
# kept (issue 10, F05). A 100 MB row of commas and a 100 MB header keep
# memory low in every reading tool: cells beyond the header are counted,
# not kept (F11); out of memory is a message and exit 2. Each must give a clean error: the one error finding expected (rule id and
# physical line, from --diagnostics json), the records after it still read,
# exit 1 or 2 (never a signal), nothing from a sanitizer on stderr, and peak
# memory under 64 MB.
#
# Memory is measured with /usr/bin/time -f %M when it exists, and only when
# hz-validate is built without a sanitizer (HZ_SANITIZE or HZ_TSAN in the
# build's CMakeCache.txt, or __asan_init or __tsan_init in the binary):
# their shadow memory makes the figure meaningless (ThreadSanitizer's
# alone puts the 120,000-record file at 65 MB, where the plain build takes
# 15 MB). Otherwise the memory part is skipped with a message and the rest
# still runs.
set -u
build=$(cd "${1:?usage: hostile-input.sh BUILD_DIR SRC_DIR}" && pwd) || exit 1
validate=$build/hz-validate
export LC_ALL=C.UTF-8
limit_kb=$((64 * 1024))

if [ ! -x "$validate" ]; then
	echo "hostile-input: $validate not built"
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

measure=yes
if [ ! -x /usr/bin/time ]; then
	measure=no
	echo "hostile-input: /usr/bin/time not found: peak memory not checked"
elif grep -q '^HZ_SANITIZE:BOOL=ON\|^HZ_TSAN:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null ||
     grep -qa '__asan_init\|__tsan_init' "$validate"; then
	measure=no
	echo "hostile-input: sanitizer build: peak memory not checked (run on a build without HZ_SANITIZE or HZ_TSAN)"
fi

# ---- the inputs ----

hdr='序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案'
# row N: a valid hazard, its text unique
row() { printf '%s,消防,通道堆物第%s处,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n' "$1" "$1"; }
jrow() { printf '{"type":"hazard","id":%s,"domain":"消防","hazard":"通道堆物第%s处","level":"县区","measures":"清理","check_date":"2023-05-01","deadline":"2023-06-01","unit":"某酒店","stage":"未整改","source":"部门检查","listed":false,"owner":"张三","funds":0.5,"plan":"是"}\n' "$1" "$1"; }
# bytes N CHAR: N copies of an ASCII character
bytes() { head -c "$1" /dev/zero | tr '\0' "$2"; }

{ echo "$hdr"; row 1; row 2
  printf '3,消防,"通道堆物,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n'
  row 4; row 5; } >unterminated.csv
{ echo "$hdr"; row 1; row 2; row 3
  printf '4,消防,"未闭合\n'; } >unterminated-eof.csv
# an open quote with 12 MB after it, more than the reader keeps to read again
{ echo "$hdr"; row 1
  printf '2,消防,"通道堆物,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n'
  awk 'BEGIN { for (i = 3; i <= 120000; i++)
	printf "%d,消防,通道堆物第%d处,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n", i, i }'
  } >unterminated-far.csv
{ echo "$hdr"; row 1
  printf '2,消防,通道"堆物,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n'
  row 3; } >stray.csv
{ echo "$hdr"; row 1
  printf '2,消防,通道\0堆物,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n'
  row 3; } >nul.csv
# UTF-16 without a byte-order mark: its byte order would be a guess (with one, -E auto reads it)
{ echo "$hdr"; row 1; row 2; } | iconv -f UTF-8 -t UTF-16LE >utf16.csv
# the bad byte on the second line of a record that starts on line 3
{ echo "$hdr"; row 1
  printf '2,消防,"通道堆物\n\xff\xfe第二行",县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n'
  row 3; } >badutf8.csv
# the 100 MB inputs are made one at a time, each removed after its check,
# so the run never needs more than about 100 MB of temporary space
bigcell() {
	{ echo "$hdr"; row 1
	  printf '2,消防,'; bytes 100000000 a
	  printf ',县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n'
	  row 3; } >bigcell.csv
}
# quoted, with two line ends inside: the next record starts on line 6;
# $1 is that record's 涉及层面
bigcell_quoted() {
	{ echo "$hdr"; row 1
	  printf '2,消防,"'; bytes 50000000 b; printf '\n\n'; bytes 50000000 c
	  printf '",县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是\n'
	  row 3 | sed "s/,县区,/,$1,/"; } >bigcell-quoted.csv
}
bigline() {
	{ jrow 1
	  printf '{"type":"hazard","id":2,"hazard":"'; bytes 100000000 d; printf '"}\n'
	  jrow 3; } >bigline.jsonl
}
{ jrow 1
  printf '{"type":"hazard","id":2,"remarks":'; bytes 10000 '['; bytes 10000 ']'; printf '}\n'
  jrow 3; } >deep.jsonl
{ jrow 1
  printf '{"type":"hazard","id":2,"hazard":"a","hazard":"b"}\n'
  jrow 3; } >dupkeys.jsonl

# ---- the checks ----

fail=0
bad() {
	echo "hostile-input: FAIL $1: $2"
	fail=1
}

# check FILE RULE LINE RECORDS: exactly one error finding, RULE at LINE,
# and RECORDS records checked (those around the bad one, not swallowed)
check() {
	local file=$1 rule=$2 line=$3 records=$4 status mem
	if [ $measure = yes ]; then
		/usr/bin/time -f %M -o mem "$validate" --today 2023-07-01 --diagnostics json "$file" >out 2>err
		status=$?
	else
		"$validate" --today 2023-07-01 --diagnostics json "$file" >out 2>err
		status=$?
	fi
	if [ $status -ge 128 ]; then
		bad "$file" "killed by signal $((status - 128))"
	elif [ $status -ne 1 ] && [ $status -ne 2 ]; then
		bad "$file" "exit $status, want 1 or 2"
	fi
	if grep -Eq 'Sanitizer|runtime error:|==[0-9]+==' err; then
		bad "$file" "sanitizer report:"
		head -5 err
	fi
	if [ -s out ]; then
		bad "$file" "something on stdout"
	fi
	local errors
	errors=$(grep -c '"severity":"error"' err)
	if [ "$errors" -ne 1 ]; then
		bad "$file" "$errors error findings, want 1"
		grep '"severity"' err | cut -c1-200
	fi
	if ! grep -q "^{\"file\":\"$file\",\"line\":$line,.*\"rule\":\"$rule\",\"severity\":\"error\"" err; then
		bad "$file" "no $rule finding at line $line"
		grep '"severity"' err | cut -c1-200
	fi
	if ! grep -q "^hz-validate: checked $records records:" err; then
		bad "$file" "want $records records checked, got: $(grep '^hz-validate: checked' err)"
	fi
	if [ $measure = yes ]; then
		mem=$(tail -n 1 mem)
		if [ "$mem" -ge $limit_kb ] 2>/dev/null; then
			bad "$file" "peak memory $mem KB, over $limit_kb KB"
		fi
		printf 'hostile-input: %-20s %-14s line %-2s exit %s, %6s KB\n' "$file" "$rule" "$line" "$status" "$mem"
	else
		printf 'hostile-input: %-20s %-14s line %-2s exit %s\n' "$file" "$rule" "$line" "$status"
	fi
}

check unterminated.csv csv-syntax 4 4
check unterminated-eof.csv csv-syntax 5 3
check unterminated-far.csv csv-syntax 3 119999
check stray.csv csv-syntax 3 2
check nul.csv encoding 3 3
check utf16.csv encoding 1 0
check badutf8.csv encoding 4 3
bigcell
check bigcell.csv cell-too-long 3 2
rm -f bigcell.csv
bigcell_quoted 县区
check bigcell-quoted.csv cell-too-long 3 2
# the records around the dropped one pass --filter
"$validate" --today 2023-07-01 --filter bigcell-quoted.csv >out 2>/dev/null
if [ "$(cut -d, -f1 out | tr '\n' ' ')" != "序号 1 3 " ]; then
	bad bigcell-quoted.csv "--filter passes $(cut -d, -f1 out | tr '\n' ' ')"
fi
# the record after the 100 MB cell is found at its own line, numbered 2
bigcell_quoted 街道
"$validate" --today 2023-07-01 --diagnostics json bigcell-quoted.csv >/dev/null 2>err
if ! grep -q '"line":6,"record":2,.*"rule":"bad-level"' err; then
	bad bigcell-quoted.csv "the record after the 100 MB cell not found at line 6 as record 2"
	grep '"severity"' err | cut -c1-200
fi
rm -f bigcell-quoted.csv
bigline
check bigline.jsonl cell-too-long 2 2
rm -f bigline.jsonl
check deep.jsonl json-syntax 2 2
check dupkeys.jsonl json-syntax 2 2

# F05: the far-away open quote through a pipe, and decoded with -E
for how in pipe iconv; do
	if [ $how = pipe ]; then
		# through cat: a pipe, which cannot seek (a file on stdin can)
		cat unterminated-far.csv | "$validate" --today 2023-07-01 --diagnostics json - >out 2>err
	else
		iconv -f UTF-8 -t GB18030 unterminated-far.csv >far-gb.csv
		"$validate" -E gb18030 --today 2023-07-01 --diagnostics json far-gb.csv >out 2>err
		rm -f far-gb.csv
	fi
	if ! grep -q '"line":3,.*"rule":"csv-syntax"' err ||
	   ! grep -q '^hz-validate: checked 119999 records:' err; then
		bad "unterminated-far.csv ($how)" "want csv-syntax at line 3 and 119999 records, got: $(grep -v '^{' err | head -3)"
	else
		echo "hostile-input: unterminated-far.csv ($how): csv-syntax line 3, 119999 records"
	fi
done

# F11: 100 MB of commas in a row, and after a header's last name; every
# tool that reads a register stays under the limit
commas() {
	{ if [ "$1" = header ]; then printf '%s' "$hdr"; bytes 100000000 ,; echo; row 1
	  else echo "$hdr"; row 1; row 2 | tr -d '\n'; bytes 100000000 ,; echo; row 3; fi
	} >commas.csv
}
for shape in row header; do
	commas $shape
	for tool in hz-validate hz-tally hz-overdue hz-fmt; do
		[ -x "$build/$tool" ] || continue
		args=
		case $tool in hz-validate) args="--today 2023-07-01" ;; hz-tally | hz-overdue) args="--as-of 2023-07-01" ;; esac
		if [ $measure = yes ]; then
			# shellcheck disable=SC2086
			/usr/bin/time -f %M -o mem "$build/$tool" $args commas.csv >out 2>err
			status=$?
			mem=$(tail -n 1 mem)
			if [ "$mem" -ge $limit_kb ] 2>/dev/null; then
				bad "commas ($shape, $tool)" "peak memory $mem KB, over $limit_kb KB"
			fi
		else
			# shellcheck disable=SC2086
			"$build/$tool" $args commas.csv >out 2>err
			status=$?
			mem=-
		fi
		if [ $status -ge 2 ]; then
			bad "commas ($shape, $tool)" "exit $status: $(head -2 err)"
		fi
		printf 'hostile-input: 100 MB of commas in a %-6s %-12s exit %s, %6s KB\n' "$shape" "$tool" "$status" "$mem"
	done
	rm -f commas.csv
done

# out of memory: a message and exit 2, not an abort (no sanitizer: its
# shadow memory needs more address space than the limit leaves)
if ! grep -q '^HZ_SANITIZE:BOOL=ON\|^HZ_TSAN:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
   ! grep -qa '__asan_init\|__tsan_init' "$validate"; then
	status=$( (ulimit -v 15000; cat unterminated-far.csv | "$validate" --today 2023-07-01 - >/dev/null 2>err; echo $?) )
	if [ "$status" != 2 ] || ! grep -q 'out of memory' err; then
		bad "out of memory" "exit $status, want 2 with a message; got: $(tail -2 err)"
	else
		echo "hostile-input: out of memory (ulimit -v 15000): exit 2, $(grep 'out of memory' err)"
	fi
fi

if [ $fail -ne 0 ]; then
	exit 1
fi
echo "hostile-input: all clean"
exit 0
