#!/bin/bash
# run.sh - run every libFuzzer harness of an HZ_FUZZ build for a while.
#   tests/fuzz/run.sh BUILD SRC SECONDS [NAME...]
# Seeds: the regression corpus tests/fuzz/corpus/NAME and the inputs of the
# end-to-end cases (tests/cli), shaped for each harness. What a run learns is
# kept in BUILD/fuzz-corpus/NAME; a finding is written to
# BUILD/fuzz-findings/NAME-* (add it to corpus/NAME once fixed) and fails the run.
set -u
build=$1 src=$2 seconds=$3
shift 3
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(fuzz_values fuzz_reader fuzz_tally fuzz_register fuzz_workbook)

seeds=$build/fuzz-seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$build/fuzz-findings"

# The reader's first byte picks the file name: 0 .csv 1 .tsv 2 .jsonl 3 .json 4 .txt
prefix() {
	case $1 in
	*.csv) printf '\0' ;; *.tsv) printf '\1' ;; *.jsonl) printf '\2' ;;
	*.json) printf '\3' ;; *) printf '\5' ;;
	esac
}
mkdir -p "$seeds/fuzz_reader" "$seeds/fuzz_tally" "$seeds/fuzz_register" "$seeds/fuzz_values" \
	"$seeds/fuzz_workbook"
# Workbooks: the cases' .xlsx and .xls (first byte: 0 .xlsx, 1 .xls)
find "$src/tests" -name '*.xlsx' -size -64k -print0 | while IFS= read -r -d '' f; do
	{ printf '\0'; cat "$f"; } >"$seeds/fuzz_workbook/$(md5sum <"$f" | cut -c1-12)"
done
find "$src/tests" -name '*.xls' -size -64k -print0 | while IFS= read -r -d '' f; do
	{ printf '\1'; cat "$f"; } >"$seeds/fuzz_workbook/$(md5sum <"$f" | cut -c1-12)"
done
i=0
while IFS= read -r -d '' f; do
	i=$((i + 1))
	[ "$(stat -c %s "$f" 2>/dev/null || echo 0)" -le 65536 ] || continue
	base=$(basename "$f")
	{ prefix "$base"; cat "$f"; } >"$seeds/fuzz_reader/$i"
	case $base in
	reg.csv)
		{ printf '\0'; cat "$f"; printf '\0enterprise=某某公司\ncheck_date=2023-06-01\nsource=企业自查\n'; } \
			>"$seeds/fuzz_register/$i" ;;
	reg.jsonl)
		{ printf '\1'; cat "$f"; printf '\0progress=整改中\nprogress_date=2023-06-02\n'; } \
			>"$seeds/fuzz_register/$i" ;;
	esac
done < <(find "$src/tests/cli" -type f ! -name cmd ! -name stderr ! -name status ! -name run-case -print0)
# Tally documents: what hz-tally -o json printed in the cases.
grep -lr '"as_of"' "$src/tests/cli" --include=stdout --include='*.json' |
	while read -r f; do cp "$f" "$seeds/fuzz_tally/$(echo "$f" | md5sum | cut -c1-12)"; done
# Dates and amounts: the cells of the cases' CSV files.
find "$src/tests/cli" -name '*.csv' -size -16k -print0 | xargs -0 cat | tr ',' '\n' |
	sort -u | head -2000 | while IFS= read -r cell; do
		printf '%s' "$cell" >"$seeds/fuzz_values/$(printf '%s' "$cell" | md5sum | cut -c1-12)"
	done

status=0
for name in "${names[@]}"; do
	work=$build/fuzz-corpus/$name
	mkdir -p "$work"
	log=$build/fuzz-findings/$name.log
	"$build/tests/fuzz/$name" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$build/fuzz-findings/$name-" \
		"$work" "$src/tests/fuzz/corpus/$name" "$seeds/$name" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1)
	echo "fuzz: $name ${seconds}s: ${execs:-?} execs, $cov, $ft, exit $rc" >&2
	if [ $rc -ne 0 ]; then
		status=1
		grep -m1 -A20 'ERROR\|invariant' "$log" >&2
	fi
done
exit $status
