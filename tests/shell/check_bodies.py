#!/usr/bin/env python3
"""check_bodies.py FILE... - checks in shell test bodies (test_expect_success '...') that
set -e cannot enforce. lib.sh runs a body as `( set -e; eval "$body" )`, and set -e ignores
the failure of a command in an && or || list but the last, of a negated (!) command, and
of anything inside a loop, if or { } that is itself such a command. So a command that is
not the body's last and is such a list or negation could fail unseen: it must end with
`|| exit 1` (or `|| { ...; exit 1; }`, `|| return 1`), or be the body's last command.
Prints each one as FILE:LINE: COMMAND and exits 1 if there is any. A FILE that is a folder
stands for its */t*.sh; --self-test checks the checker on bodies it must flag or pass.

The body is parsed as POSIX sh, roughly: quoted strings, $( ), ${ } and here-documents are
opaque words; for/while/until/if/case/{ }/( ) are compound commands."""
import glob
import os
import re
import sys

OPS = ("&&", "||", ";;", ";", "|", "&", "(", ")", "\n")
RESERVED_OPEN = {"for": "done", "while": "done", "until": "done", "if": "fi", "case": "esac", "{": "}"}


def skip_quoted(s, i):
    """The index after the quoted string, $( ), ${ } or backquotes starting at s[i]."""
    n = len(s)
    if s[i] == "'":
        j = s.find("'", i + 1)
        return n if j < 0 else j + 1
    if s[i] in '"`':
        q, i = s[i], i + 1
        while i < n and s[i] != q:
            if s[i] == "\\":
                i += 2
            elif q == '"' and (s.startswith("$(", i) or s.startswith("${", i)):
                i = skip_quoted(s, i)
            else:
                i += 1
        return i + 1
    close = ")" if s[i + 1] == "(" else "}"   # $( or ${
    depth, i = 1, i + 2
    while i < n and depth:
        if s[i] in "\"'`" or s.startswith("$(", i) or s.startswith("${", i):
            i = skip_quoted(s, i)
            continue
        if s[i] == "\\":
            i += 2
            continue
        depth += (s[i] == "(" and close == ")") - (s[i] == close)
        i += 1
    return i


def skip_word(s, i):
    """The index after the word starting at s[i] (quotes and substitutions inside it)."""
    n, start = len(s), i
    while i < n and (s[i] not in " \t\n;&|()" or s[i] == "&" and i > start and s[i - 1] in "<>"):
        if s[i] in "\"'`" or s.startswith("$(", i) or s.startswith("${", i):
            i = skip_quoted(s, i)
        elif s[i] == "\\":
            i += 2
        else:
            i += 1
    return min(i, n)


def tokens(s):
    """(kind, text, line) tokens: kind 'op' or 'word'."""
    out, i, line, n = [], 0, 1, len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] == "\n":
            i, line = i + 2, line + 1
            continue
        if c in " \t":
            i += 1
            continue
        if c == "#" and (not out or out[-1][0] == "op" or s[i - 1] in " \t"):
            while i < n and s[i] != "\n":
                i += 1
            continue
        op = next((o for o in OPS if s.startswith(o, i)), None)
        if op:
            out.append(("op", op, line))
            line += op == "\n"
            i += len(op)
            continue
        start, startline = i, line
        i = skip_word(s, i)
        line += s.count("\n", start, i)
        word = s[start:i]
        out.append(("word", word, startline))
        if word.startswith("<<"):   # a here-document: skip its lines up to the delimiter
            delim = word.lstrip("<-").strip("'\"") or None
            if delim is None and i < n:
                continue
            j = s.find("\n", i)
            while j >= 0:
                k = s.find("\n", j + 1)
                row = s[j + 1:k if k >= 0 else n]
                line += 1
                if row.strip() == delim:
                    pending_end = k if k >= 0 else n
                    break
                j = k
            else:
                pending_end = n
            # the rest of the command line stays; the document itself is dropped
            rest_end = s.find("\n", i)
            rest = s[i:rest_end if rest_end >= 0 else n]
            sub = tokens(rest)
            out.extend((k2, t2, line) for k2, t2, _ in sub)
            out.append(("op", "\n", line))
            i = pending_end
    return out


class Parser:
    """A sh list as nested ('list', [and_or...]); and_or = ('and_or', [pipeline...], ops, line);
    pipeline = ('pipe', negated, [command...]); command = ('simple', words) or
    ('compound', keyword, [lists])."""

    def __init__(self, toks):
        self.t, self.i = toks, 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else ("op", "EOF", 0)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def skip_newlines(self):
        while self.peek()[:2] == ("op", "\n"):
            self.i += 1

    def parse_list(self, stop):
        items = []
        while True:
            self.skip_newlines()
            kind, text, _ = self.peek()
            if text == "EOF" or (kind == "word" and text in stop) or (kind == "op" and text in stop):
                return items
            before = self.i
            items.append(self.parse_and_or(stop))
            kind, text, _ = self.peek()
            if kind == "op" and text in (";", "&", "\n", ";;") or self.i == before:
                self.i += 1   # a separator, or a token no rule takes (never loop on it)

    def parse_and_or(self, stop):
        line = self.peek()[2]
        pipes, ops = [self.parse_pipeline(stop)], []
        while self.peek()[:2] in (("op", "&&"), ("op", "||")):
            ops.append(self.take()[1])
            self.skip_newlines()
            pipes.append(self.parse_pipeline(stop))
        return ("and_or", pipes, ops, line)

    def parse_pipeline(self, stop):
        negated = False
        if self.peek()[:2] == ("word", "!"):
            self.i += 1
            negated = True
        cmds = [self.parse_command(stop)]
        while self.peek()[:2] == ("op", "|"):
            self.i += 1
            self.skip_newlines()
            cmds.append(self.parse_command(stop))
        return ("pipe", negated, cmds)

    def redirections(self):
        """The redirections after a compound command (done <file, } 2>err)."""
        while self.peek()[0] == "word" and re.match(r"[0-9]*[<>]", self.peek()[1]):
            self.i += 1
            if self.peek()[0] == "word" and re.fullmatch(r"[0-9]*[<>]+&?", self.t[self.i - 1][1]):
                self.i += 1   # the target as a word of its own

    def parse_command(self, stop):
        kind, text, _ = self.peek()
        if kind == "word" and text in RESERVED_OPEN:
            self.i += 1
            end = RESERVED_OPEN[text]
            lists = []
            if text in ("for", "case"):   # the words up to do (case: in) are not commands
                while self.peek()[1] not in ("do" if text == "for" else "in", "EOF"):
                    self.i += 1
                if text == "case":
                    depth = 1
                    while depth and self.peek()[1] != "EOF":
                        w = self.take()[1]
                        depth += (w == "case") - (w == "esac")
                    return ("compound", text, lists)
                self.i += 1
                lists.append(self.parse_list({"done"}))
            else:
                lists.append(self.parse_list({end, "then", "do", "else", "elif"}))
                while self.peek()[1] in ("then", "do", "else", "elif"):
                    self.i += 1
                    lists.append(self.parse_list({end, "then", "do", "else", "elif"}))
            self.i += 1   # the closing word
            self.redirections()
            return ("compound", text, lists)
        if (kind, text) == ("op", "("):
            self.i += 1
            lists = [self.parse_list({")"})]
            self.i += 1
            self.redirections()
            return ("compound", "(", lists)
        words = []
        while True:
            kind, text, _ = self.peek()
            if text == "EOF" or kind == "op" and text not in ("(", ")") or kind == "word" and text in stop and not words:
                break
            if kind == "op" and text == ")":
                break
            if kind == "op" and text == "(" and words:   # name() { ...; }: a definition,
                self.i += 2                              # its body not run here
                self.skip_newlines()
                self.parse_command(stop)
                return ("simple", words + ["()"])
            words.append(text)
            self.i += 1
            if kind == "word" and text in ("}",) and len(words) == 1:
                break
        return ("simple", words)


def risky(ao):
    """An and_or whose failure set -e may not see: its last operator is && (a command before
    it failed, the last did not run), or its last pipeline is negated; unless guarded."""
    _, pipes, ops, _ = ao
    last = pipes[-1][2][-1]
    if last[0] == "simple" and last[1][:1] in (["break"], ["continue"]):
        return False   # `cond && break`: control flow, not a check
    return (bool(ops) and ops[-1] == "&&" or pipes[-1][1]) and not guarded(ao)


def guarded(ao):
    """An and_or that ends with `|| exit N`, `|| return N`, `|| { ... exit ...; }` or `|| false`."""
    _, pipes, ops, _ = ao
    if not ops or ops[-1] != "||":
        return False
    last = pipes[-1][2][-1]
    if last[0] == "simple":
        return bool(last[1]) and last[1][0] in ("exit", "return", "false")
    if last[0] == "compound" and last[1] in ("{", "("):
        return any(w in ("exit", "return") for w in flat_words(last))
    return False


def flat_words(node):
    if node[0] == "simple":
        return node[1]
    if node[0] == "compound":
        return [w for lst in node[2] for w in flat_words(("list", lst))]
    if node[0] == "list":
        return [w for ao in node[1] for w in flat_words(ao)]
    if node[0] == "and_or":
        return [w for p in node[1] for w in flat_words(p)]
    if node[0] == "pipe":
        return [w for c in node[2] for w in flat_words(c)]
    return []


def text_of(ao):
    _, pipes, ops, _ = ao
    parts = [" ".join(flat_words(pipes[0]))]
    for op, pipe in zip(ops, pipes[1:]):
        parts += [op, " ".join(flat_words(pipe))]
    return " ".join(parts)[:110]


def check_list(items, last_counts, problems, in_loop=False):
    """items: the and_or list. last_counts: the list's last item's status is the body's (or a
    test's) result. Adds (line, text) to problems."""
    for k, ao in enumerate(items):
        is_last = k == len(items) - 1 and last_counts and not in_loop
        _, pipes, ops, line = ao
        if risky(ao) and not is_last:
            problems.append((line, text_of(ao)))
        for p, pipe in enumerate(pipes):
            for cmd in pipe[2]:
                if cmd[0] != "compound" or cmd[1] == "case":
                    continue
                kw = cmd[1]
                if kw == "(":
                    # a subshell in a position set -e watches stops the body itself
                    check_list(cmd[2][0], True, problems)
                    continue
                bodies = cmd[2]
                loop = kw in ("for", "while", "until")
                # the conditions of if and while are exempt from set -e by design
                checked = bodies[1::2] if kw in ("if",) else bodies[1:] if kw in ("while", "until") else bodies
                if kw == "if":
                    checked = [b for idx, b in enumerate(bodies) if idx % 2 == 1 or idx == len(bodies) - 1 and len(bodies) % 2 == 1]
                for b in checked:
                    check_list(b, is_last and not loop, problems, in_loop=loop or in_loop and not is_last)


def bodies(text):
    """(line of the body's start, body) for each test_expect_success "desc" '<body>'."""
    for m in re.finditer(r"test_expect_success\s+(\"(?:[^\"\\]|\\.)*\"|'[^']*'(?:\"'\"'[^']*')*)\s+'", text):
        start, i = m.end(), m.end()
        while True:   # a body may contain '"'"' or '\'' (a quote)
            end = text.index("'", i)
            if text.startswith("'\"'\"'", end):
                i = end + 5
                continue
            if text.startswith("'\\''", end):
                i = end + 4
                continue
            break
        yield text.count("\n", 0, start) + 1, text[start:end].replace("'\"'\"'", "'").replace("'\\''", "'")


def problems_of(body):
    problems = []
    check_list(Parser(tokens(body)).parse_list(set()), True, problems)
    return problems


# Bodies the checker must flag (each once) and bodies it must pass: --self-test.
MUST_FLAG = [
    'test $rc -eq 2 && grep -q x err\necho done',
    '! grep -q SECRET out\ntrue',
    'for f in a b; do\n\ttest -s $f && grep -q x $f\ndone\ntrue',
    'mkdir d && cp x d\nrc=0; cmd || rc=$?\ntest $rc -eq 0',
    'if true; then\n\ta && b\n\tc\nfi\nd',
    'x=$(printf "a(b" ) && test "$x" = "a(b"\ntrue',
]
MUST_PASS = [
    'test $rc -eq 2 && grep -q x err',
    'a && b || exit 1\n! grep -q x out || exit 1\nc && d',
    'a && b || { echo "why"; exit 1; }\nc',
    'rc=0; "$E" x >out 2>err || rc=$?\ntest $rc -eq 2',
    'for i in 1 2; do\n\t[ -e f$i ] && break\n\tsleep 1\ndone\ntrue',
    'cat >f <<EOF\na && b\nEOF\ntrue',
    'f() { a && b; }\nf || exit 1\ntrue',
    'test "$(sqlite3 d "SELECT count(*) FROM t")" -eq 2 &&\n\tgrep -q "a)" f',
    'a >/dev/null 2>&1 && b',
]


def self_test():
    bad = 0
    for body in MUST_FLAG:
        if len(problems_of(body)) != 1:
            bad += 1
            print("not flagged once: %r -> %r" % (body, problems_of(body)))
    for body in MUST_PASS:
        if problems_of(body):
            bad += 1
            print("flagged: %r -> %r" % (body, problems_of(body)))
    print("%d passed, %d failed" % (len(MUST_FLAG) + len(MUST_PASS) - bad, bad))
    return 1 if bad else 0


def main(args):
    if args == ["--self-test"]:
        return self_test()
    paths = []
    for a in args:   # a folder: its */t*.sh, the shell tests of each area
        paths += sorted(glob.glob(os.path.join(a, "*", "t*.sh"))) if os.path.isdir(a) else [a]
    bad = 0
    for path in paths:
        text = open(path, encoding="utf-8").read()
        for line0, body in bodies(text):
            for line, cmd in problems_of(body):
                bad += 1
                print("%s:%d: %s" % (path, line0 + line - 1, cmd))
    print("%d test files, %d checks set -e cannot enforce" % (len(paths), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
