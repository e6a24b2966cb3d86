#!/bin/sh
# month-end.sh - last month's 调度表 into dated files, for cron on the 1st:
#
#   0 6 1 * * cd $HOME/hz && ./month-end.sh reports register.csv checks.csv activities.csv
#
# writes OUTDIR/YYYY-MM.csv (one tally per 填报单位, then their 合计: open it
# in Excel or WPS) and OUTDIR/YYYY-MM.json (the same tallies, one a line, for
# `hz-tally --merge` at the street office or the district). YYYY-MM is the
# month before today ($HZ_TODAY, else the local date). A file is replaced
# only by a complete new one. Silent on success, so cron mails only trouble:
# the records hz-tally had to skip, or the failure (exit status 2).
set -u
PATH=$PATH:/usr/local/bin

if [ $# -lt 2 ]; then
	echo "usage: month-end.sh OUTDIR FILE ..." >&2
	exit 2
fi
out=$1
shift

today=${HZ_TODAY:-$(date +%Y-%m-%d)}
y=${today%%-*}
m=${today#*-}
m=${m%%-*}
m=${m#0}
if [ "$m" -eq 1 ]; then
	y=$((y - 1)) m=12
else
	m=$((m - 1))
fi
month=$(printf '%04d-%02d' "$y" "$m")

mkdir -p "$out" || exit 2
for format in csv json; do
	tmp=$out/.$month.$format.$$
	if ! hz-tally --month "$month" --by reporter --total -o "$format" "$@" >"$tmp"; then
		rm -f "$tmp"
		echo "month-end.sh: hz-tally failed: $out/$month.$format not written" >&2
		exit 2
	fi
	mv "$tmp" "$out/$month.$format" || exit 2
done
