"""What the man-page tests read from an mdoc page or the README: the options
a page names (.Fl) and the commands of its EXAMPLES, as a shell would get
them. Used by man-in-step.sh and man-examples.sh."""

import re

# roff escapes that appear in the literal displays and the .Fl arguments
_ESCAPES = [("\\e", "\\"), ("\\&", ""), ("\\-", "-"), ("\\(aq", "'"),
            ("\\(dq", '"'), ("\\(ga", "`"), ("\\ ", " "), ("\\(ti", "~"),
            ("\\(ha", "^")]
_CRON = re.compile(r"^([0-9*][0-9*,/-]*\s+){5}(?=\S)")
# how a shell command begins: a program name, a path, or an assignment
_COMMAND = re.compile(r"^\s*([a-z][a-z0-9_.+-]*(\s|$)|\.{0,2}/|[A-Za-z_][A-Za-z0-9_]*=)")


def unescape(text):
    out, i = [], 0
    while i < len(text):
        for esc, plain in _ESCAPES:
            if text.startswith(esc, i):
                out.append(plain)
                i += len(esc)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _words(line):
    """The arguments of a macro line, quotes honoured."""
    return re.findall(r'"[^"]*"|\S+', line)


def functions(path):
    """The functions a page names (.Fn), mapped to the first line."""
    seen = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("."):
                words = _words(line)
                for i, w in enumerate(words):
                    if w in ("Fn", ".Fn") and i + 1 < len(words):
                        seen.setdefault(words[i + 1].strip('"'), n)
    return seen


def options(path):
    """The options a page names: every argument after Fl on a macro line,
    as written (-f, --file), mapped to the first line that names it."""
    seen = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.startswith("."):
                continue
            words = _words(line.rstrip("\n"))
            for i, w in enumerate(words):
                if w in ("Fl", ".Fl") and i + 1 < len(words):
                    arg = unescape(words[i + 1]).strip('"')
                    # .Fl followed by a macro or punctuation is a bare dash
                    if re.match(r"^[A-Z][a-z]$", arg) or arg in ",;:.|)":
                        arg = ""
                    seen.setdefault("-" + arg, n)
    return seen


def _continues(cmd):
    s = cmd.rstrip()
    return s.endswith("\\") or s.endswith("|") or s.endswith("&&") or s.endswith("||")


def _join(lines):
    """Logical command lines: a line ending in a backslash, a pipe, && or ||
    goes on with the next one. Yields (first line number, text)."""
    cur, start = None, 0
    for n, text in lines:
        if cur is None:
            cur, start = text, n
        else:
            cur += "\n" + text
        if not _continues(text):
            yield start, cur
            cur = None
    if cur is not None:
        yield start, cur


def _block_commands(block):
    """The commands of one literal display: with a "$ " prompt in it, the
    prompted lines (the others are what they print); else every line but
    comments, when the first line begins as a command does. C source (a
    display with #include) is returned as the file of the commands after it;
    other displays that do not begin as a command show a file, and give
    nothing."""
    if any(t.lstrip().startswith("#include") for _, t in block):
        return [], "\n".join(t for _, t in block) + "\n"
    prompted = any(t.startswith("$ ") for _, t in block)
    first = next((t for _, t in block if t.strip()), "")
    if not prompted and not _CRON.match(first) and not _COMMAND.match(first):
        return [], None     # a file's contents shown (CSV, JSON), not commands
    lines, inside = [], False
    for n, t in block:
        if prompted:
            if t.startswith("$ "):
                lines.append((n, t[2:]))
                inside = _continues(t)
            elif inside:
                lines.append((n, t))
                inside = _continues(t)
            continue
        if not t.strip() or t.lstrip().startswith("#"):
            continue
        lines.append((n, t))
    return list(_join(lines)), None


def examples(path):
    """The commands of a page's EXAMPLES section, as a list of dicts:
    line, command (the shell text), cron (True when it came from a crontab
    line, the five time fields removed), file (C source shown before it,
    or None), block (the first line of its display: the commands of one
    display run in one shell, in order)."""
    out, block, in_ex, in_lit, source = [], None, False, False, None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith(".Sh "):
                in_ex = line.split(None, 1)[1].strip().strip('"') == "EXAMPLES"
                continue
            if not in_ex:
                continue
            if line.startswith(".Bd") and "-literal" in line:
                in_lit, block, start = True, [], n
                continue
            if line.startswith(".Ed") and in_lit:
                in_lit = False
                cmds, src = _block_commands(block)
                if src is not None:
                    source = src
                for ln, cmd in cmds:
                    out.append(_command(ln, cmd, source, start))
                continue
            if in_lit:
                if not line.startswith(".\\\""):
                    block.append((n, unescape(line)))
                continue
            if line.startswith(".Dl "):
                out.append(_command(n, unescape(line[4:]), source, n))
    return out


def _command(line, cmd, source, block):
    cron = bool(_CRON.match(cmd))
    if cron:
        cmd = _CRON.sub("", cmd, count=1)
    return {"line": line, "command": cmd, "cron": cron, "file": source,
            "block": block}


def readme(path):
    """The commands of a Markdown file's ```sh blocks, comments left out."""
    out, lines, inside = [], [], False
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("```"):
                if inside:
                    for ln, cmd in _join(lines):
                        out.append({"line": ln, "command": cmd, "cron": False,
                                    "file": None, "block": start})
                    lines, inside = [], False
                elif line.strip() in ("```sh", "```shell", "```bash"):
                    inside, start = True, n
                continue
            if inside and line.strip() and not line.lstrip().startswith("#"):
                lines.append((n, line))
    return out
