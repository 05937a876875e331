"""Running `report` in a process of its own, and watching it and the workers it starts.

Everything polls with generous time limits rather than sleeping a fixed time, so the
tests hold on a loaded machine.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT

STATES = ["illinois", "indiana", "michigan", "minnesota", "ohio", "wisconsin"]
BOOKLET = "region-v-profiles.pdf"
RAISED_BY = 7000  # "different data": every state's totals raised by this much


def environment(**extra: str) -> dict[str, str]:
    """This checkout's `report`, no inherited SOURCE_DATE_EPOCH, no bytecode written."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def run_report(*args: str | Path, env: dict[str, str] | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    """`report ARGS` to its end, its output captured as text."""
    return subprocess.run([sys.executable, "-m", "report", *map(str, args)], cwd=ROOT,
                          env=env or environment(), capture_output=True, text=True,
                          errors="replace", timeout=timeout)


class Build:
    """A `report build` in a process group of its own, and every worker seen under it."""

    def __init__(self, *args: str | Path, env: dict[str, str] | None = None,
                 ignoring: tuple[int, ...] = ()):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "report", "build", *map(str, args)], cwd=ROOT,
            env=env or environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, preexec_fn=lambda: ignore(ignoring))
        self.workers: set[int] = set()

    def look(self) -> None:
        """Note the main process's children (its workers) as they are now."""
        self.workers |= children(self.process.pid)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 120) -> bool:
        """Poll until `condition` holds (True) or the build ends or time runs out (False)."""
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            self.look()
            if condition():
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.01)
        return False

    def stop(self, signum: int, whole_group: bool) -> None:
        """Send a signal to the main process, or to all of its group as Ctrl-C does."""
        self.look()
        if whole_group:
            os.killpg(self.process.pid, signum)
        else:
            self.process.send_signal(signum)

    def finish(self, timeout: float = 300) -> tuple[int, str, str]:
        """Its exit status and output, once it has ended."""
        out, err = self.process.communicate(timeout=timeout)
        return (self.process.returncode, out.decode("utf-8", "replace"),
                err.decode("utf-8", "replace"))


def ignore(signals: tuple[int, ...]) -> None:
    """Ignore these signals from here on, as `nohup` does SIGHUP before it starts a command."""
    for each in signals:
        signal.signal(each, signal.SIG_IGN)


def children(pid: int) -> set[int]:
    """The live child processes of `pid`, from /proc (every thread's children)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:  # the thread or the process ended meanwhile
            pass
    return found


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie, dead but not yet reaped, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"


def catches(pid: int, signum: int) -> bool:
    """Whether the process has its own handler for `signum` (from /proc: SigCgt)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(re.search(r"^SigCgt:\s*([0-9a-f]+)", status, re.MULTILINE)[1], 16)
    return bool(caught >> (signum - 1) & 1)


def all_gone(pids: set[int], timeout: float, reaped: bool = False) -> bool:
    """Whether every process of `pids` has ended (and been reaped, if asked: no zombie
    left), waiting up to `timeout` seconds."""
    limit = time.monotonic() + timeout
    left = (lambda pid: Path(f"/proc/{pid}").exists()) if reaped else running
    while any(left(pid) for pid in pids):
        if time.monotonic() > limit:
            return False
        time.sleep(0.02)
    return True


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file of a folder with its inode, size and modification time (a file put
    in place by a rename has a new inode)."""
    files = {}
    for file in folder.iterdir() if folder.is_dir() else []:
        try:
            stat = file.stat()
        except FileNotFoundError:  # renamed away meanwhile
            continue
        files[file.name] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return files


def raise_totals(region: Path, by: int = RAISED_BY) -> None:
    """Make a region's data different: each state's cases and potential victims + `by`."""
    for state in STATES:
        file = region / f"{state}.yaml"
        file.write_text(re.sub(r"^(  (?:cases|potential_victims): )(\d+)$",
                               lambda m: f"{m[1]}{int(m[2]) + by}", file.read_text(),
                               flags=re.MULTILINE), encoding="utf-8")


def copy_example(to: Path, raised: bool = False) -> Path:
    """A copy of the example region at `to`, its totals raised if asked."""
    region = Path(shutil.copytree(EXAMPLE, to))
    if raised:
        raise_totals(region)
    return region
