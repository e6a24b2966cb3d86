#!/bin/bash
# The layers of HACKING.md, checked from the #include lines: lib/core,
# lib/model, lib/io and lib/ops, bottom up. A file of lib/ includes only
# headers of its own folder or of one below it (a public header hz/X.h
# belongs to the folder of X.c), and no two modules include each other's
# headers, directly or round a longer circle.
set -eu
src=$(cd "${2:-.}" && pwd)
check() { (cd "$1" && python3 -c "$checker"); }
checker=$(cat <<'PY'
import os, re, sys

layers = ["core", "model", "io", "ops"]
rank = {l: i for i, l in enumerate(layers)}
folder_of = {}          # module name (file name less .c/.h) -> layer
files = []              # (path, layer, module)
for l in layers:
    d = os.path.join("lib", l)
    for f in sorted(os.listdir(d)):
        if f.endswith((".c", ".h")):
            m = f[:-2]
            if m.endswith("_int"):      # X_int.h: module X's private half
                m = m[:-4]
            folder_of.setdefault(f[:-2], l)
            files.append((os.path.join(d, f), l, m))
loose = [f for f in os.listdir("lib") if f.endswith((".c", ".h"))]
if loose:
    sys.exit("include-layers: files of lib/ outside a layer folder: %s" % " ".join(loose))
# the public headers that no .c file is named after
folder_of.setdefault("api", "core")
folder_of.setdefault("version", "core")
folder_of.setdefault("exit", "core")       # the exit statuses, no code
folder_of.setdefault("xlsx", folder_of.get("xlsx_write", "ops"))
for f in os.listdir("lib/include/hz"):
    m = f[:-2]
    if m not in folder_of:
        sys.exit("include-layers: lib/include/hz/%s has no module in lib/LAYER/%s.c" % (f, m))
    files.append((os.path.join("lib/include/hz", f), folder_of[m], m))

inc = re.compile(r'^\s*#\s*include\s*[<"](hz/)?([A-Za-z0-9_]+)\.h[>"]')
bad = []
edges = {}
for path, layer, mod in files:
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        g = inc.match(line)
        if not g:
            continue
        pub, name = g.group(1), g.group(2)
        if not pub and name not in folder_of:
            continue        # a system header (<stdio.h>, <zip.h>, ...)
        if pub and not os.path.exists("lib/include/hz/%s.h" % name):
            continue        # hz/version.h, made by the build
        target = folder_of[name]
        if rank[target] > rank[layer]:
            bad.append("%s:%d: lib/%s includes %s.h of lib/%s, a layer above" % (path, n, layer, name, target))
        if name.endswith("_int"):
            name = name[:-4]
        if name != mod:
            edges.setdefault(mod, set()).add(name)

# circles between modules
state = {}
def visit(m, stack):
    state[m] = 1
    stack.append(m)
    for t in sorted(edges.get(m, ())):
        if state.get(t) == 1:
            bad.append("circle: " + " -> ".join(stack[stack.index(t):] + [t]))
        elif t not in state:
            visit(t, stack)
    stack.pop()
    state[m] = 2
for m in sorted(edges):
    if m not in state:
        visit(m, [])

for b in bad:
    print("include-layers: " + b)
if bad:
    sys.exit(1)
print("include-layers: %d files, %d module edges, all pointing down" % (len(files), sum(len(v) for v in edges.values())))
PY
)
check "$src"

# The check itself: a core file that includes an operation's header, and two
# modules that include each other, must each fail it.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for breach in 'lib/core/text.c:#include "hz/rules.h"' 'lib/model/record.c:#include "hz/diag.h"'; do
	rm -rf "$tmp/lib" && cp -r "$src/lib" "$tmp/lib"
	echo "${breach#*:}" >>"$tmp/${breach%%:*}"
	if check "$tmp" >/dev/null; then
		echo "include-layers: the check missed: ${breach%%:*} with ${breach#*:}" >&2
		exit 1
	fi
done
