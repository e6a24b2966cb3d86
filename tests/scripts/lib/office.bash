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
