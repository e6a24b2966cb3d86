# office.bash - sourced by the test scripts that use LibreOffice (headless,
# Debian package libreoffice-calc-nogui) in place of Excel or WPS.
#
# office_setup NAME [COMMAND...]: sets $office to the LibreOffice command;
# exits 77 (skipped) naming what is missing when it or a COMMAND is absent;
# makes the scratch folder $work (removed at exit), with HOME inside it so
# LibreOffice's profile stays there, and LC_ALL=C.UTF-8; sets status=0 and
# failed=0 and defines fail MESSAGE, which reports "NAME: FAIL MESSAGE".
office_setup() {
	test_name=$1
	shift
	office=
	for candidate in libreoffice soffice; do
		if command -v "$candidate" >/dev/null 2>&1; then
			office=$candidate
			break
		fi
	done
	local missing=
	[ -n "$office" ] || missing="libreoffice (libreoffice-calc-nogui)"
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 || missing="$missing $cmd"
	done
	if [ -n "$missing" ]; then
		echo "$test_name: not installed: $missing; skipped"
		exit 77
	fi
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	export HOME=$work/home LC_ALL=C.UTF-8
	mkdir -p "$HOME"
	status=0
	failed=0
}

fail() {
	echo "$test_name: FAIL $*"
	status=1
	failed=$((failed + 1))
}

# pdf_smallest PDF: the smallest word's size in points, and the word. A
# word's box is as high as its font's ascent less descent (poppler's
# default when the PDF gives none); a word of CJK characters alone is as
# wide as its characters in ems. The ratio of the two, from those words,
# turns every word's height into its size, whatever font LibreOffice chose.
pdf_smallest() {
	python3 - "$1" <<'PY'
import re, subprocess, sys
xml = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True,
                     text=True, check=True).stdout
words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]
def cjk(ch):
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E
ratios = sorted((y1 - y0) / ((x1 - x0) / len(w)) for x0, y0, x1, y1, w in words
                if len(w) >= 2 and all(cjk(c) for c in w))
if not ratios:
    print("0 no-cjk-words")
    sys.exit(0)
ratio = ratios[len(ratios) // 2]
small = min(words, key=lambda t: t[3] - t[1])
print("%.2f %s" % ((small[3] - small[1]) / ratio, small[4]))
PY
}

# at_least X Y: X >= Y as decimals
at_least() {
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" "$1" "$2"
}
