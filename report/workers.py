"""Worker processes for a build: each makes one item at a time and sends back what it made.

They die with the main process however it ends, and are killed, not awaited, when the
build stops early: they write no file, so killing one leaves nothing half-written. The
main process waits on the workers' pipes itself, with no helper thread, so a worker
killed in the middle of sending leaves nothing waiting for ever.
"""

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TypeVar

from report import stop

FORK = multiprocessing.get_context("fork")  # the workers inherit what the build has loaded
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
Item, Made = TypeVar("Item"), TypeVar("Made")


@dataclass(frozen=True)
class Worker:
    """A worker process and the main process's end of the pipe to it."""

    process: BaseProcess
    connection: Connection


def made_in_parallel(work: Callable[[Item], Made], items: list[Item], count: int,
                     lost: Callable[[Item], Made]) -> Iterator[tuple[int, Made]]:
    """Each item's index and `work(item)`, as they are done, on `count` worker processes;
    `lost(item)` for an item whose worker died under it."""
    todo, idle, busy, everyone = deque(enumerate(items)), [], {}, []
    try:
        while todo or busy:
            while todo and len(busy) < count:
                worker = idle.pop() if idle else start(work, everyone)
                index, item = todo.popleft()
                busy[worker.connection] = (worker, index)
                with suppress(OSError):  # a worker that died idle: found dead below
                    worker.connection.send(item)
            for connection in wait(list(busy)):
                worker, index = busy.pop(connection)
                try:
                    made = connection.recv()
                except (EOFError, OSError):  # killed (out of memory?) before it finished
                    made = lost(items[index])
                else:
                    idle.append(worker)
                yield index, made
    except BaseException:
        kill(everyone)
        raise
    dismiss(everyone)


def start(work: Callable, everyone: list[Worker]) -> Worker:
    """A new worker serving `work`, listed in `everyone` as soon as it exists."""
    ours, theirs = FORK.Pipe()
    process = FORK.Process(target=serve, args=(work, theirs, os.getpid()), daemon=True)
    with stop.held():  # a stop signal during the fork is acted on after it
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, stop.STOP_SIGNALS)
        try:  # ... and the worker is born with them blocked, until it is ready for them
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        everyone.append(Worker(process, ours))
    theirs.close()
    return everyone[-1]


def serve(work: Callable, connection: Connection, parent: int) -> None:
    """In a worker: make each item it is sent and send it back, until told to end."""
    prepare(parent)
    with suppress(EOFError, BrokenPipeError):  # the main process has gone: end quietly
        while (item := connection.recv()) is not None:
            connection.send(work(item))


def prepare(parent: int) -> None:
    """In a new worker: leave stopping to the main process, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    for each in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(each) != signal.SIG_IGN:  # ignored as the main process does
            signal.signal(each, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stop.STOP_SIGNALS)
    if not die_with_parent():
        threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)


def die_with_parent() -> bool:
    """Ask Linux to kill this process when its parent ends; False where it cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        return False


def watch_parent(parent: int) -> None:
    """Elsewhere than Linux: end this process within a second of its parent's end."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def kill(workers: list[Worker]) -> None:
    """End the workers at once, whatever they are doing."""
    with stop.held():
        for worker in workers:
            worker.process.kill()
        for worker in workers:
            worker.process.join()
            worker.connection.close()


def dismiss(workers: list[Worker]) -> None:
    """Tell the workers there is no more work, and wait for them to end."""
    for worker in workers:
        with suppress(OSError):
            worker.connection.send(None)
    for worker in workers:
        worker.process.join()
        worker.connection.close()
