"""man_examples.py BUILD_DIR SRC_DIR - run every EXAMPLES command of every man
page (English and translations) and README's shell commands on a scratch
copy of examples/ (see man-examples.sh).

Each display of a page (each README block) runs in one bash, in a fresh
copy of examples/, its commands in order, so that a variable set by one
(id=$(hz-add ...)) is there for the next. Every hz tool is reached through
a wrapper first on PATH that logs its exit status and whether it printed a
usage message: a usage error deep in a pipeline is seen too. The names an
example gives to files the clerk has (台账.xlsx, 台账.csv, export.jsonl, the
streets' tally documents ...) are made from examples/ first. mail(1) and
curl(1) are stand-ins that read their input; cron lines run their command
with HOME holding hz/ -> the scratch copy, and the /usr/local/bin/ of an
installation stands for the build tree; README's /tmp/ is a scratch folder.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manpage  # noqa: E402

USAGE = re.compile(r"^(usage|用法)[:：]|is not FIELD=VALUE|unknown option|"
                   r"needs an argument|missing argument|is not an hz verb|"
                   r"不是 FIELD=VALUE|未知的选项|需要参数|缺少参数", re.M)

# what an ASan, UBSan or TSan build prints when it finds something
SANITIZER = re.compile(r"ERROR: (Address|Leak|Thread)Sanitizer|WARNING: ThreadSanitizer|"
                       r"runtime error: ")

WRAPPER = r"""#!/bin/sh
# logs a tool's exit status and whether it printed a usage message
err=$(mktemp "$HZ_EX_DIR/err.XXXXXX")
"$HZ_EX_REAL/${0##*/}" "$@" 2>"$err"
rc=$?
cat "$err" >&2
printf '%s\t%s\t%s\t%s\n' "${HZ_EX_CMD:-?}" "$rc" "${0##*/}" "$err" >>"$HZ_EX_DIR/log"
exit $rc
"""

STUB = """#!/bin/sh
# stands in for {name}: reads what it is given, sends nothing
cat >/dev/null
exit 0
"""


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", **kw)


def main():
    build, src = (os.path.abspath(a) for a in sys.argv[1:3])
    work = tempfile.mkdtemp(prefix="hz-man-examples.")
    try:
        return check(build, src, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def tools(build):
    return sorted(n for n in os.listdir(build)
                  if (n == "hz" or n.startswith("hz-"))
                  and os.path.isfile(os.path.join(build, n))
                  and os.access(os.path.join(build, n), os.X_OK))


def setup(build, src, work, env):
    """wrappers, stand-ins, the fixtures, an installation for pkg-config"""
    bin_ = os.path.join(work, "bin")
    os.makedirs(bin_)
    for t in tools(build):
        with open(os.path.join(bin_, t), "w") as f:
            f.write(WRAPPER)
        os.chmod(os.path.join(bin_, t), 0o755)
    for name in ("mail", "curl", "less"):
        with open(os.path.join(bin_, name), "w") as f:
            f.write(STUB.format(name=name))
        os.chmod(os.path.join(bin_, name), 0o755)
    fix = os.path.join(work, "fixtures")
    shutil.copytree(os.path.join(src, "examples"), fix)
    # the clerk's workbook: register.xlsx, its sheet named as the examples
    # name a second-quarter sheet (the first sheet is read by default anyway)
    with zipfile.ZipFile(os.path.join(fix, "register.xlsx")) as zin, \
            zipfile.ZipFile(os.path.join(fix, "台账.xlsx"), "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'name="register"', 'name="第二季度"'.encode())
            zout.writestr(item, data)
    with open(os.path.join(fix, "register.csv"), "rb") as f:
        data = f.read()
    with open(os.path.join(fix, "台账.csv"), "wb") as f:
        f.write(data.decode("utf-8").encode("gb18030"))   # as Chinese Excel saves it
    shutil.copy(os.path.join(fix, "checks.csv"), os.path.join(fix, "export.csv"))
    # a batch from another system: hazards without an id or a 填报单位
    real = os.path.join(build, "hz-fmt")
    r = subprocess.run([real, "-o", "jsonl", os.path.join(fix, "register.csv")],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    with open(os.path.join(fix, "export.jsonl"), "w", encoding="utf-8") as f:
        for line in r.stdout.decode("utf-8").splitlines()[:3]:
            rec = json.loads(line)
            rec.pop("id", None)
            rec.pop("reporter", None)
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    for unit in ("公园街道", "中南街道"):
        with open(os.path.join(fix, unit + ".json"), "w") as f:
            subprocess.run([os.path.join(build, "hz-tally"), "--month", "2023-06",
                            "--unit", unit, "-o", "json"] +
                           [os.path.join(fix, n) for n in
                            ("register.csv", "checks.csv", "activities.csv")],
                           stdout=f, stderr=subprocess.DEVNULL, env=env)
    prefix = os.path.join(work, "prefix")
    r = run(["cmake", "--install", build, "--prefix", prefix], env=env)
    pc = glob.glob(os.path.join(prefix, "**", "hz.pc"), recursive=True)
    if r.returncode == 0 and pc:
        env["PKG_CONFIG_PATH"] = os.path.dirname(pc[0])
    return bin_, fix


def collect(src):
    """[(source, block, [commands])]: displays of every page, README blocks"""
    pages = sorted(glob.glob(os.path.join(src, "man", "*.[1-8]")) +
                   glob.glob(os.path.join(src, "man", "*", "*.[1-8]")))
    groups = []
    for page in pages:
        rel = os.path.relpath(page, src)
        by = {}
        for c in manpage.examples(page):
            by.setdefault(c["block"], []).append(c)
        groups += [(rel, b, cs) for b, cs in by.items()]
    for md in sorted(glob.glob(os.path.join(src, "README*.md"))):
        rel = os.path.relpath(md, src)
        by = {}
        for c in manpage.readme(md):
            by.setdefault(c["block"], []).append(c)
        groups += [(rel, b, cs) for b, cs in by.items()]
    return groups


def shell_text(cmd, readme):
    text = cmd["command"]
    text = re.sub(r"(?<![\w/])/usr/local/bin/", "", text)
    if readme:
        text = re.sub(r"(?<![\w.])/tmp/", "$HZ_EX_TMP/", text)
    return text


def check(build, src, work):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TZ="UTC",
               MANPAGER="cat", PAGER="cat", MANWIDTH="80")
    env.pop("HZ_TODAY", None)
    bin_, fix = setup(build, src, work, env)
    env["PATH"] = bin_ + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    env["HZ_EX_REAL"] = build
    asan = "HZ_SANITIZE:BOOL=ON" in open(os.path.join(build, "CMakeCache.txt")).read() \
        or "HZ_TSAN:BOOL=ON" in open(os.path.join(build, "CMakeCache.txt")).read()

    failures, results, skipped = [], [], []
    for n, (rel, block, cmds) in enumerate(collect(src)):
        readme = rel.endswith(".md")
        box = os.path.join(work, "run%d" % n)
        if readme:
            os.makedirs(os.path.join(box, "build"))
            shutil.copytree(fix, os.path.join(box, "examples"))
            for t in tools(build):
                os.symlink(os.path.join(bin_, t), os.path.join(box, "build", t))
            here = box
        else:
            shutil.copytree(fix, box)
            here = box
        home = os.path.join(work, "home%d" % n)
        os.makedirs(home)
        os.symlink(box, os.path.join(home, "hz"))
        tmp = os.path.join(work, "tmp%d" % n)
        os.makedirs(tmp)
        logdir = os.path.join(work, "log%d" % n)
        os.makedirs(logdir)
        script = ["exit() { return \"${1:-$?}\"; }"]
        run_cmds = []
        for i, c in enumerate(cmds):
            where = "%s:%d" % (rel, c["line"])
            if readme and c["command"].startswith("./bootstrap"):
                skipped.append((where, c["command"], "installs packages and builds: "
                                "tests/scripts/bootstrap-order.sh"))
                continue
            if c["command"].startswith("cc ") and asan:
                skipped.append((where, c["command"], "a sanitizer build's libhz "
                                "links only with the sanitizer's flags"))
                continue
            if c["file"]:
                m = re.search(r"(\S+\.c)\b", c["command"])
                if m:
                    with open(os.path.join(box, m.group(1)), "w") as f:
                        f.write(c["file"])
            run_cmds.append((i, where, c))
            script.append("c%d() {\n%s\n}" % (i, shell_text(c, readme)))
            script.append("HZ_EX_CMD=%d; export HZ_EX_CMD; c%d </dev/null; "
                          "echo \"%d $?\" >>\"$HZ_EX_DIR/status\"" % (i, i, i))
        if not run_cmds:
            continue
        with open(os.path.join(logdir, "script.bash"), "w") as f:
            f.write("\n".join(script) + "\n")
        benv = dict(env, HOME=home, HZ_EX_DIR=logdir, HZ_EX_TMP=tmp)
        try:
            r = run(["bash", os.path.join(logdir, "script.bash")], cwd=here, env=benv,
                    timeout=120)
            out = r.stdout
        except subprocess.TimeoutExpired as e:
            out = e.stdout or ""
            failures.append("%s: the display's commands did not end within 120 s" % rel)
        status = {}
        if os.path.exists(os.path.join(logdir, "status")):
            for line in open(os.path.join(logdir, "status")):
                k, v = line.split()
                status[int(k)] = int(v)
        calls = {}
        if os.path.exists(os.path.join(logdir, "log")):
            for line in open(os.path.join(logdir, "log"), encoding="utf-8"):
                k, rc, tool, errf = line.rstrip("\n").split("\t")
                with open(errf, encoding="utf-8", errors="replace") as f:
                    err = f.read()
                calls.setdefault(int(k) if k.isdigit() else -1, []).append((tool, int(rc), err))
        for i, where, c in run_cmds:
            rc = status.get(i)
            one = " ".join(c["command"].split())
            results.append((where, one, rc))
            if rc is None:
                failures.append("%s: `%s` did not run (an earlier command ended the "
                                "shell)" % (where, one))
            elif rc in (126, 127):
                failures.append("%s: `%s`: a command was not found (exit %d); a line "
                                "broken in the middle of a command?\n%s"
                                % (where, one, rc, indent(out)))
            for tool, trc, err in calls.get(i, []):
                if SANITIZER.search(err):
                    failures.append("%s: `%s`: %s: the sanitizer reports:\n%s"
                                    % (where, one, tool, indent(err)))
                if trc == 2 and USAGE.search(err):
                    failures.append("%s: `%s`: %s reports a usage error:\n%s"
                                    % (where, one, tool, indent(err)))

    count = len(results)
    by = {}
    for _, _, rc in results:
        by[rc] = by.get(rc, 0) + 1
    pages = len({w.split(":")[0] for w, _, _ in results})
    print("man-examples: %d commands from %d files run: %s" %
          (count, pages, ", ".join("%d exit %s" % (v, k) for k, v in sorted(
              by.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))))
    for where, one, rc in results:
        if rc not in (0, 1):
            print("  note: %s: exit %s: %s" % (where, rc, one))
    for where, one, why in skipped:
        print("  not run: %s: %s (%s)" % (where, one, why))
    for f in failures:
        print("FAIL: " + f)
    if count == 0:
        print("FAIL: no command found in the EXAMPLES of man/ and README")
        return 1
    return 1 if failures else 0


def indent(text):
    lines = text.strip("\n").splitlines()[-12:]
    return "\n".join("    " + ln for ln in lines)


if __name__ == "__main__":
    sys.exit(main())
