#!/usr/bin/env bash
# man-in-step.sh BUILD_DIR SRC_DIR - the two languages of the manual say the
# same: every page of man/ has its Chinese twin man/zh_CN/NAME (and no twin
# lacks its English page), with the same .Dt, the same options (every
# argument of .Fl, as a set), the same functions (.Fn), and the same
# EXAMPLES commands and programs (as man-examples.sh runs them). Each
# difference is one line naming the page, the option or command, and
# where the other page has it.
set -u
src=${2:?usage: man-in-step.sh BUILD_DIR SRC_DIR}
command -v python3 >/dev/null 2>&1 || { echo "man-in-step: no python3; skipped"; exit 77; }
exec python3 - "$src" <<'PY'
import collections, glob, os, sys
src = sys.argv[1]
sys.path.insert(0, os.path.join(src, "tests", "scripts", "lib"))
import manpage

def dt(path):
    for line in open(path, encoding="utf-8"):
        if line.startswith(".Dt "):
            return line.split()[1:]
    return None

def cmds(path):
    out = collections.OrderedDict()
    for c in manpage.examples(path):
        key = " ".join(c["command"].split())
        out.setdefault(key, c["line"])
    return out

problems, pairs = [], 0
# zh_CN always: an empty or lost folder of the Chinese pages is a failure
for lang in sorted({"zh_CN"} | {d for d in os.listdir(os.path.join(src, "man"))
                                if os.path.isdir(os.path.join(src, "man", d))}):
    en_pages = sorted(glob.glob(os.path.join(src, "man", "*.[1-8]")))
    tr_pages = sorted(glob.glob(os.path.join(src, "man", lang, "*.[1-8]")))
    names = {os.path.basename(p) for p in tr_pages}
    for p in tr_pages:
        if not os.path.exists(os.path.join(src, "man", os.path.basename(p))):
            problems.append("man/%s/%s: no English page man/%s" % (lang, os.path.basename(p), os.path.basename(p)))
    for en in en_pages:
        name = os.path.basename(en)
        e, t = "man/" + name, "man/%s/%s" % (lang, name)
        tr = os.path.join(src, t)
        if name not in names:
            problems.append("%s: missing: the %s twin of %s (same options, same EXAMPLES commands)" % (t, lang, e))
            continue
        pairs += 1
        if dt(en) != dt(tr):
            problems.append("%s: .Dt %s, but %s has .Dt %s" % (t, " ".join(dt(tr) or []), e, " ".join(dt(en) or [])))
        eo, to = manpage.options(en), manpage.options(tr)
        for o in sorted(set(eo) - set(to)):
            problems.append("%s: option %s missing (%s:%d names it: .Fl %s)" % (t, o, e, eo[o], o[1:]))
        for o in sorted(set(to) - set(eo)):
            problems.append("%s:%d: option %s is not in %s (add it there, or remove it here)" % (t, to[o], o, e))
        ef, tf = manpage.functions(en), manpage.functions(tr)
        for f in sorted(set(ef) - set(tf)):
            problems.append("%s: function %s missing (%s:%d names it: .Fn %s)" % (t, f, e, ef[f], f))
        for f in sorted(set(tf) - set(ef)):
            problems.append("%s:%d: function %s is not in %s" % (t, tf[f], f, e))
        # the program an EXAMPLES display shows (libhz(3)'s C source)
        es = [c["file"] for c in manpage.examples(en) if c["file"]]
        ts = [c["file"] for c in manpage.examples(tr) if c["file"]]
        if sorted(set(es)) != sorted(set(ts)):
            problems.append("%s: the program in EXAMPLES differs from %s's (copy its .Bd -literal display)" % (t, e))
        ec, tc = cmds(en), cmds(tr)
        for c, ln in ec.items():
            if c not in tc:
                problems.append("%s: EXAMPLES lacks the command of %s:%d: %s" % (t, e, ln, c))
        for c, ln in tc.items():
            if c not in ec:
                problems.append("%s:%d: EXAMPLES command not in %s: %s" % (t, ln, e, c))
for p in problems:
    print("man-in-step: " + p)
if not problems:
    print("man-in-step: %d pages in step in both languages" % pairs)
sys.exit(1 if problems else 0)
PY
