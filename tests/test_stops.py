"""Stopping a region build at any moment, through the command line: Ctrl-C, TERM, HUP and
KILL leave every PDF whole (the older one or a complete new one), no temporary file, no
worker behind, and say so in one line; a closed standard output does not stop the build."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import EXAMPLE, ROOT
from tests.subprocesses import (BOOKLET, STATES, Build, all_gone, catches, copy_example,
                                environment, snapshot)

NAMES = [f"{state}.pdf" for state in STATES] + [BOOKLET]


def seed_older_pdfs(folder: Path) -> dict[str, bytes]:
    """Put an older, good PDF of every handout and of the booklet in `folder`."""
    folder.mkdir(parents=True)
    older = {}
    for name in NAMES:
        pdf = pikepdf.new()
        pdf.add_blank_page()
        pdf.docinfo["/Title"] = f"older {name}"
        pdf.save(folder / name)
        older[name] = (folder / name).read_bytes()
    return older


def replaced(folder: Path, before: dict, names: list[str]) -> list[str]:
    """Which of `names` have been put in place anew since `before` (a new inode)."""
    now = snapshot(folder)
    return [name for name in names if name in now and now[name][0] != before[name][0]]


def imports_begun(build: Build) -> bool:
    """Whether the main process is loading the libraries (before any worker exists)."""
    try:
        return "numpy" in Path(f"/proc/{build.process.pid}/maps").read_text()
    except OSError:
        return False


def moment(name: str, build: Build, folder: Path, before: dict):
    """The condition that marks a moment of a region build."""
    states = NAMES[:-1]
    return {
        "before the workers start": lambda: imports_begun(build),
        "while the workers run": lambda: bool(replaced(folder, before, states)),
        "while the booklet is made": lambda: len(replaced(folder, before, states)) == 6,
    }[name]


def check_stopped(build: Build, signum: int, folder: Path, older: dict[str, bytes],
                  finished_is_fine: bool = False) -> None:
    """The build stopped cleanly: its status and one line, no worker a second later,
    every PDF whole, nothing else in the folder."""
    status, out, err = build.finish()
    assert "Traceback" not in out + err
    if not (finished_is_fine and status == 0 and f"booklet {folder / BOOKLET} written" in out):
        assert status == 128 + signum, (status, err)
        assert len(err.splitlines()) == 1 and err.startswith("report: stopped by "), err
    assert all_gone(build.workers, timeout=1.0, reaped=True), build.workers
    check_whole(folder, older)


def check_whole(folder: Path, older: dict[str, bytes]) -> None:
    """Every file of the folder is its older PDF, or a complete new one; no other file."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(older), "a stray file is left"
    for name, old in older.items():
        data = (folder / name).read_bytes()
        if data != old:
            with pikepdf.open(folder / name) as pdf:
                assert len(pdf.pages) >= 2 and pdf.check_pdf_syntax() == [], name


MOMENTS = ["before the workers start", "while the workers run", "while the booklet is made"]


@pytest.mark.parametrize("when", MOMENTS)
@pytest.mark.parametrize("signum, whole_group", [(signal.SIGINT, True),  # Ctrl-C
                                                 (signal.SIGTERM, False),  # kill PID
                                                 (signal.SIGTERM, True)],  # a service stopped
                         ids=["ctrl-c", "term", "term-group"])
def test_a_stop_leaves_everything_whole(tmp_path, when, signum, whole_group):
    folder = tmp_path / "out" / "region-v"
    older = seed_older_pdfs(folder)
    before = snapshot(folder)
    build = Build(EXAMPLE, "--out", tmp_path / "out", "-j2")
    assert build.wait_for(moment(when, build, folder, before)), build.finish()
    build.stop(signum, whole_group)
    check_stopped(build, signum, folder, older, finished_is_fine=when == MOMENTS[-1])
    if when == MOMENTS[0]:
        assert all((folder / name).read_bytes() == data for name, data in older.items())


@pytest.mark.parametrize("args, signum", [(["-j1"], signal.SIGINT), (["-j2"], signal.SIGHUP),
                                          (["-j2", "--pdfa"], signal.SIGTERM)],
                         ids=["one-process", "hangup", "pdfa"])
def test_a_stop_while_states_are_made_in_other_ways(tmp_path, args, signum):
    folder = tmp_path / "out" / "region-v"
    older = seed_older_pdfs(folder)
    before = snapshot(folder)
    build = Build(EXAMPLE, "--out", tmp_path / "out", *args)
    assert build.wait_for(moment("while the workers run", build, folder, before))
    build.stop(signum, whole_group=True)
    check_stopped(build, signum, folder, older)


def test_ctrl_c_pressed_again_during_the_stop_says_one_line(tmp_path):
    folder = tmp_path / "out" / "region-v"
    older = seed_older_pdfs(folder)
    before = snapshot(folder)
    build = Build(EXAMPLE, "--out", tmp_path / "out", "-j2")
    assert build.wait_for(moment("while the workers run", build, folder, before))
    for _ in range(3):
        build.stop(signal.SIGINT, whole_group=True)
    check_stopped(build, signal.SIGINT, folder, older)


@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(signum=st.sampled_from([signal.SIGINT, signal.SIGTERM]),
       after=st.floats(0.0, 5.0), whole_group=st.booleans())
def test_a_stop_at_any_moment_leaves_everything_whole(tmp_path_factory, signum, after,
                                                      whole_group):
    out = tmp_path_factory.mktemp("stop")
    folder = out / "region-v"
    older = seed_older_pdfs(folder)
    build = Build(EXAMPLE, "--out", out, "-j2")
    assert build.wait_for(lambda: catches(build.process.pid, signal.SIGTERM))  # started
    build.wait_for(lambda: False, timeout=after)
    if build.process.poll() is None:
        build.stop(signum, whole_group)
    check_stopped(build, signum, folder, older, finished_is_fine=True)


def test_killing_the_main_process_ends_the_workers(tmp_path):
    folder = tmp_path / "out" / "region-v"
    older = seed_older_pdfs(folder)
    before = snapshot(folder)
    build = Build(EXAMPLE, "--out", tmp_path / "out", "-j2")
    assert build.wait_for(lambda: len(build.workers) == 2
                          and bool(replaced(folder, before, NAMES[:-1])))
    build.stop(signal.SIGKILL, whole_group=False)
    build.process.wait(timeout=60)
    left = snapshot(folder)
    assert all_gone(build.workers, timeout=5.0), build.workers
    assert not build.wait_for(lambda: snapshot(folder) != left, timeout=2.0), \
        "written after the main process was killed"
    check_whole(folder, older)


def test_a_closed_standard_output_does_not_stop_the_build(tmp_path):
    script = (f"set -o pipefail; {sys.executable} -m report build {EXAMPLE} "
              f"--out {tmp_path} -j2 | head -1")
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, env=environment(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("  wrote   ") and result.stdout.count("\n") == 1
    assert result.stderr == ""
    assert sorted(p.name for p in (tmp_path / "region-v").iterdir()) == sorted(NAMES)


@pytest.mark.parametrize("redirect", [">&-", ">/dev/full", "2>&-", "2>/dev/full"],
                         ids=["stdout-closed", "stdout-full", "stderr-closed", "stderr-full"])
def test_an_unwritable_output_stream_does_not_stop_the_build(tmp_path, redirect):
    region = copy_example(tmp_path / "region-v")
    ohio = region / "ohio.yaml"
    ohio.write_text(ohio.read_text().replace("cases: 1052", "cases: -3"))  # one problem
    script = f"{sys.executable} -m report build {region} --out {tmp_path / 'out'} -j2 {redirect}"
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, env=environment(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1  # the state with a problem, as when the stream works
    assert "Traceback" not in result.stdout + result.stderr
    if redirect.startswith("2"):
        assert "in " in result.stdout.splitlines()[-1]  # the summary's last line
    else:
        assert "ohio.yaml:" in result.stderr and "totals.cases" in result.stderr
    written = sorted(p.name for p in (tmp_path / "out" / "region-v").iterdir())
    assert written == sorted(f"{state}.pdf" for state in STATES if state != "ohio")


def test_a_worker_that_dies_fails_its_state_alone(tmp_path):
    build = Build(EXAMPLE, "--out", tmp_path, "-j2")
    assert build.wait_for(lambda: len(build.workers) == 2)
    os.kill(min(build.workers), signal.SIGKILL)  # as the out-of-memory killer would
    status, out, err = build.finish()
    assert status == 1 and "Traceback" not in out + err
    assert "(handout): the worker process making it ended unexpectedly" in err
    assert "5 of 6 handouts written" in out
    assert len(list((tmp_path / "region-v").iterdir())) == 5  # no booklet, nothing else


def test_a_signal_ignored_at_start_stays_ignored(tmp_path):
    """`nohup report build &`: a closed terminal (HUP) must not stop the build."""
    build = Build(EXAMPLE, "--out", tmp_path, "-j2", ignoring=(signal.SIGHUP,))
    assert build.wait_for(lambda: len(build.workers) == 2)
    build.stop(signal.SIGHUP, whole_group=True)
    status, out, err = build.finish()
    assert status == 0, err
    assert sorted(p.name for p in (tmp_path / "region-v").iterdir()) == sorted(NAMES)


def test_a_stop_that_breaks_an_import_is_still_one_line(monkeypatch, capsys):
    """A signal during NumPy's import surfaces as the ImportError NumPy makes of it (its
    message quotes a traceback): the command still says, in one line, that it stopped."""
    from report import cli, stop

    def interrupted_import(_args):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            signal.sigtimedwait([], 0.1)  # let the handler run
        except stop.Stopped as stopped:
            raise ImportError("Traceback (most recent call last): ...") from stopped

    monkeypatch.setattr(cli, "run_command", interrupted_import)
    assert cli.main(["build"]) == 128 + signal.SIGTERM
    err = capsys.readouterr().err
    assert err.startswith("report: stopped by SIGTERM") and len(err.splitlines()) == 1
