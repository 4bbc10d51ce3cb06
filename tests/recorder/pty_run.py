#!/usr/bin/env python3
# pty_run.py - test helper: runs a command on a new pseudo-terminal, as if typed at
# one; once READY exists it types one control character (^C or ^\) at the terminal.
"""usage: pty_run.py READY KEY OUT -- command [argument...]
KEY is INT (types ^C) or QUIT (types ^\\). Prints "exit N", "signal N" or
"signal N core" (how the command ended, as its shell would see it); what it wrote on
the terminal goes to OUT."""
import os
import pty
import select
import sys
import time

KEYS = {"INT": b"\x03", "QUIT": b"\x1c"}


def main(argv):
    if len(argv) < 6 or argv[4] != "--" or argv[2] not in KEYS:
        print(__doc__, file=sys.stderr)
        return 2
    ready, key, out = argv[1], KEYS[argv[2]], argv[3]
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(argv[5], argv[5:])
        finally:
            os._exit(127)
    text, typed = b"", False
    deadline = time.time() + 30
    while time.time() < deadline:
        if not typed and os.path.exists(ready):
            time.sleep(0.2)              # let the command reach its wait
            os.write(fd, key)
            typed = True
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:              # EIO: the terminal's last user is gone
                break
            if not chunk:
                break
            text += chunk
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    with open(out, "wb") as f:
        f.write(text)
    if os.WIFSIGNALED(status):
        core = " core" if os.WCOREDUMP(status) else ""
        print("signal %d%s" % (os.WTERMSIG(status), core))
    else:
        print("exit %d" % os.WEXITSTATUS(status))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
