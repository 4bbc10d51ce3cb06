#!/usr/bin/env python3
"""check_bodies.py FILE... - checks in shell test bodies (test_expect_success '...') that
set -e cannot enforce. set -e ignores the failure of a command in an && or || list but the
last, and of a negated (!) command; so such a command that is not the body's last (a
loop's body included) could fail unseen. It must end with '|| exit 1' (or be the last).
Prints each one as FILE:LINE and exits 1 if there is any."""
import re
import sys


def bodies(text):
    """(line of the body's start, body) for each test_expect_success "desc" '<body>'."""
    for m in re.finditer(r"test_expect_success\s+(\"(?:[^\"\\]|\\.)*\"|'[^']*')\s+'", text):
        start = m.end()
        end = text.index("'", start)
        yield text.count("\n", 0, start) + 1, text[start:end]


def split_top(s, seps):
    """s cut at the separators outside quotes, $( ), ( ) and { } (a list of (offset, part))."""
    parts, depth, quote, last, i = [], 0, None, 0, 0
    while i < len(s):
        c = s[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        elif depth == 0:
            for sep in seps:
                if s.startswith(sep, i) and not s.startswith(sep * 2, i) or (len(sep) == 2 and s.startswith(sep, i)):
                    parts.append((last, s[last:i]))
                    last = i + len(sep)
                    i = last - 1
                    break
        i += 1
    parts.append((last, s[last:]))
    return [(o, p.strip()) for o, p in parts if p.strip()]


CONT = re.compile(r"(&&|\|\||\||\\|\bthen|\bdo|\belse|\{|\(|\bin)\s*$")
GUARD = re.compile(r"\|\|\s*(\{.*\bexit\b.*\}|exit\s+1|return\s+1|false)\s*;?\s*$")


def logical_lines(body):
    """The body's lines with continuations joined: (line offset, text)."""
    out, cur, first = [], "", 0
    for i, raw in enumerate(body.split("\n")):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line:
            continue
        if not cur:
            first = i
        cur = (cur + " " + line).strip()
        if CONT.search(line) or cur.count("{") > cur.count("}"):
            continue
        out.append((first, cur))
        cur = ""
    if cur:
        out.append((first, cur))
    return out


def unguarded(cmd):
    """1 if cmd is a list or negation whose failure set -e would not see."""
    if GUARD.search(cmd):
        return False
    if re.match(r"(if|while|until|case)\b", cmd):
        return False
    m = re.match(r"for\b.*?\bdo\b(.*)\bdone\b", cmd)
    if m:   # a loop on one line: its own commands but the last are as any others
        inner = split_top(m.group(1), [";"])
        return any(unguarded(p) for _, p in inner[:-1]) or unguarded(inner[-1][1]) if inner else False
    if cmd.startswith("! "):
        return True
    return len(split_top(cmd, ["&&", "||"])) > 1 and "&&" in cmd


def main(paths):
    bad = 0
    for path in paths:
        text = open(path, encoding="utf-8").read()
        for line0, body in bodies(text):
            cmds = [(off, p) for off, l in logical_lines(body) for _, p in split_top(l, [";"])]
            for off, cmd in cmds[:-1]:
                if unguarded(cmd):
                    bad += 1
                    print("%s:%d: %s" % (path, line0 + off, cmd[:100]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
