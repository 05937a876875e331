"""Clean stops: Ctrl-C, TERM and HUP become one exception in the main process, held off
while a file is put in place; workers die with the main process, however it dies.

Light on purpose (no ReportLab, NumPy or the like): the command line imports it first.
"""

import ctypes
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class Stopped(BaseException):
    """The build was asked to stop by a signal (a BaseException, so no `except Exception`
    on the way swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for Ctrl-C, 143 for TERM

    @property
    def cause(self) -> str:
        return "Ctrl-C (SIGINT)" if self.signum == signal.SIGINT \
            else signal.Signals(self.signum).name


class _Held:
    """How many `held()` blocks are running, and the first signal that came meanwhile."""

    depth = 0
    pending: int | None = None


def _on_signal(signum: int, frame) -> None:
    if _Held.depth:
        _Held.pending = _Held.pending or signum
        return
    _stop(signum)


def _stop(signum: int) -> None:
    let_pass()  # a second Ctrl-C must not break off the clean-up
    raise Stopped(signum)


@contextmanager
def signals_caught() -> Iterator[None]:
    """Turn the stop signals into `Stopped` in this (main) thread; restore them after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {each: signal.signal(each, _on_signal) for each in STOP_SIGNALS}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)
        _Held.pending = None


@contextmanager
def held() -> Iterator[None]:
    """Let no stop signal break into the block; one that comes stops the build after it."""
    _Held.depth += 1
    try:
        yield
    finally:
        _Held.depth -= 1
        if not _Held.depth and _Held.pending is not None:
            signum, _Held.pending = _Held.pending, None
            _stop(signum)


def start_worker(parent: int) -> None:
    """In a new worker process: die with `parent`, and leave stopping to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    for each in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(each, signal.SIG_DFL)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)


def _die_with_parent() -> bool:
    """Ask Linux to kill this process when its parent ends; False where it cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        return False


def _watch_parent(parent: int) -> None:
    """Elsewhere than Linux: end this process within a second of its parent's end."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def let_pass() -> None:
    """Ignore the stop signals from here on (the process is about to end anyway)."""
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
