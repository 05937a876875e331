"""Clean stops: Ctrl-C, TERM and HUP become one exception in the main process, held off
while a file is put in place or a worker is started.

Light on purpose (no ReportLab, NumPy or the like): the command line imports it first.
"""

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


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
        return {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGHUP: "a closed terminal (SIGHUP)"
                }.get(self.signum, signal.Signals(self.signum).name)


class _State:
    """The first stop signal that came, and how many `held()` blocks are running."""

    signum: int | None = None
    depth = 0


def _on_signal(signum: int, frame) -> None:
    let_pass()  # a second Ctrl-C must not break off the clean-up
    _State.signum = signum
    if not _State.depth:
        raise Stopped(signum)


def check() -> None:
    """Raise `Stopped` if a stop signal came whose exception was lost (raised inside a
    finalizer or a fork hook, where Python ignores exceptions)."""
    if _State.signum is not None and not _State.depth:
        raise Stopped(_State.signum)


def came() -> Stopped | None:
    """The stop a signal asked for, if one came: an error raised while `Stopped` was on
    its way (an import it broke into fails as an ImportError) is that stop."""
    return None if _State.signum is None else Stopped(_State.signum)


@contextmanager
def signals_caught() -> Iterator[None]:
    """Turn the stop signals into `Stopped` in this (main) thread, except those this
    process was started ignoring; restore them after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {each: signal.signal(each, _on_signal) for each in STOP_SIGNALS
                if signal.getsignal(each) != signal.SIG_IGN}  # as `nohup` leaves HUP: ignored
    hook, sys.unraisablehook = sys.unraisablehook, _unraisable(sys.unraisablehook)
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)
        sys.unraisablehook, _State.signum = hook, None


def _unraisable(hook):
    """Python's report of an exception it had to ignore, except `Stopped` (`check()` raises
    it again where it can propagate)."""
    def report(unraisable) -> None:
        if not isinstance(unraisable.exc_value, Stopped):
            hook(unraisable)
    return report


@contextmanager
def held() -> Iterator[None]:
    """Let no stop signal break into the block; one that comes stops the build after it."""
    _State.depth += 1
    try:
        yield
    finally:
        _State.depth -= 1
        check()


def let_pass() -> None:
    """Ignore the stop signals from here on (the process is about to end anyway)."""
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
