#!/usr/bin/env bash
# man-examples.sh BUILD_DIR SRC_DIR - every command of the EXAMPLES of every
# man page (man/ and each translation in man/LANG/) and of README's shell
# blocks is run as written, on a scratch copy of examples/, with the build's
# tools first on PATH. The test fails when a tool run by a command reports a
# usage error (exit 2 with a usage message: a line break that cut a
# command, an option the tool does not have), a command is not found, or
# a sanitizer build reports something.
# Other outcomes (findings, a file the example only names) are counted and
# listed, not failed. The work is in tests/scripts/lib/man_examples.py.
set -u
build=${1:?usage: man-examples.sh BUILD_DIR SRC_DIR}
src=${2:?usage: man-examples.sh BUILD_DIR SRC_DIR}
command -v python3 >/dev/null 2>&1 || { echo "man-examples: no python3; skipped"; exit 77; }
[ -x "$build/hz-validate" ] || { echo "man-examples: no hz-validate in $build; skipped"; exit 77; }
exec python3 "$src/tests/scripts/lib/man_examples.py" "$build" "$src"
