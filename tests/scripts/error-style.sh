#!/bin/bash
# Errors have one style (libhz(3), RETURN VALUES): findings for the data,
# and for any other failure -1 or NULL with the reason in the caller's
# err buffer. No public header may declare an accessor that hands out an
# object's last error (the hz_writer_error() of old), and every public
# function that takes an err buffer takes its size beside it.
set -u
src=$2
fail=0
cd "$src" || exit 2
decls() { # $1: header text, one declaration a line, comments dropped
	perl -0pe 's{/\*.*?\*/}{}gs; s/\s+/ /g; s/;/;\n/g' <<<"$1" | sed 's/^ //'
}
check() { # $1: header text; prints the offending declarations
	decls "$1" | grep -E '^(const )?char \*hz_[a-z0-9_]*(error|err|errmsg) ?\('
	decls "$1" | grep -E '\bchar \*err\b' | grep -vE '\bchar \*err, size_t errcap\b'
}
bad=$(check "$(cat lib/include/hz/*.h)")
[ -z "$bad" ] || { echo "error-style: a second error style in lib/include/hz:"; echo "$bad"; fail=1; }
n=$(decls "$(cat lib/include/hz/*.h)" | grep -c 'char \*err, size_t errcap')
[ "$n" -gt 15 ] || { echo "error-style: only $n err buffers found: the check cannot read the headers"; fail=1; }
# the check itself catches both kinds
[ -n "$(check 'const char *hz_thing_error(const hz_thing *t);')" ] ||
	{ echo "error-style: the check misses an error accessor"; fail=1; }
[ -n "$(check 'int hz_thing_do(hz_thing *t, char *err);')" ] ||
	{ echo "error-style: the check misses an err without its size"; fail=1; }
[ $fail = 0 ] && echo "error-style: $n calls report through the caller's err, no error accessor"
exit $fail
