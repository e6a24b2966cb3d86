#!/bin/bash
# Every finding names its rule from the one list (lib/model/rule_ids.c):
# no rule id and no severity is written anywhere else in lib/ or src/. A
# severity may be compared (counting, --strict), and hz-progress's old
# errors are reported as warnings (the one line marked so).
set -u
src=$2
fail=0
cd "$src" || exit 2
files=$(ls lib/*/*.c lib/*/*.h lib/include/hz/*.h src/*.c src/common/*.[ch] |
	grep -v -e '^lib/model/rule_ids\.c$' -e '^lib/include/hz/rule_ids\.h$')

# a severity given, not compared
sev=$(grep -nE '\bHZ_(WARNING|ERROR|FATAL)\b' $files |
	grep -vE '(==|!=|>=|<=|<|>) *HZ_(WARNING|ERROR|FATAL)\b' |
	grep -vE '^lib/model/diag\.c:[0-9]+:\s*(\[HZ_(WARNING|ERROR|FATAL)\] = HZ_N_|case HZ_(WARNING|ERROR|FATAL):)' |
	grep -v 'now a warning: hz-progress(1)')
[ -z "$sev" ] || { echo "finding-literals: a severity outside the rule table:"; echo "$sev"; fail=1; }

# a rule id as a string: a finding's .rule, or a word of the table in quotes
# where a finding is made
ids=$(grep -oE '\{ "[a-z0-9-]+", HZ_(WARNING|ERROR|FATAL) \}' lib/model/rule_ids.c | cut -d'"' -f2)
[ "$(echo "$ids" | wc -l)" -gt 40 ] || { echo "finding-literals: cannot read the ids of lib/model/rule_ids.c"; exit 1; }
lit=$(grep -nE '\.rule *= *"' $files)
for id in $ids; do
	lit+=$(grep -nE "hz_(diag|finding|rule)[a-z_]*\([^;]*\"$id\"" $files)
done
[ -z "$lit" ] || { echo "finding-literals: a rule id written outside the rule table:"; echo "$lit"; fail=1; }

# the check itself catches both kinds
probe=$(printf '\thz_diag_place(d, f, 1, 0, HZ_ERROR, "encoding", "x");\n')
grep -vE '(==|!=|>=|<=|<|>) *HZ_(WARNING|ERROR|FATAL)\b' <<<"$probe" | grep -qE '\bHZ_ERROR\b' ||
	{ echo "finding-literals: the severity check misses a literal"; fail=1; }
grep -qE 'hz_(diag|finding|rule)[a-z_]*\([^;]*"encoding"' <<<"$probe" ||
	{ echo "finding-literals: the id check misses a literal"; fail=1; }
[ $fail = 0 ] && echo "finding-literals: $(echo "$ids" | wc -l) rule ids, each written once, in lib/model/rule_ids.c"
exit $fail
