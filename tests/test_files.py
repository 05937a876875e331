"""Only the region's own files are read: region.yaml, state and locations files must be
ordinary files inside the region folder once links are resolved; nothing else is read,
waited on or quoted, and size limits apply to the bytes read."""

import os
import socket
import threading

import pytest

from report import read
from report.cli import main
from report.errors import InvalidInput
from report.load import load_profile, load_region

SECRET = "root:x:0:0:root:/root:/bin/bash SECRET-PASSWORD-LINE\n"
WISCONSIN = "state: Wisconsin\nperiod: {start: 2012-12, end: 2016-12}\n" \
    "totals: {cases: 227, potential_victims: 579}\n"
WITH_MAP = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"


@pytest.fixture
def outside(tmp_path):
    """A file outside the region folder whose content must never be shown."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return secret


def validate(region, capsys) -> str:
    """What `report validate` prints on standard error (it must fail)."""
    assert main(["validate", str(region)]) == 1
    return capsys.readouterr().err


def link(path, target) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(target)


@pytest.mark.parametrize("name", ["region.yaml", "wisconsin.yaml", "locations/wisconsin.csv"])
@pytest.mark.parametrize("how", ["absolute", "relative", "chained"])
def test_a_link_to_a_file_outside_the_region_is_refused_unread(region, outside, capsys, name,
                                                               how):
    (region / "wisconsin.yaml").write_text(WITH_MAP)
    target = {"absolute": outside, "relative": os.path.relpath(outside, (region / name).parent),
              "chained": region / "hop.txt"}[how]
    if how == "chained":
        link(region / "hop.txt", outside)
    link(region / name, target)
    err = validate(region, capsys)
    assert f"{region}/{name}:1:1: (file): is a link to a file outside the folder " in err
    assert "SECRET" not in err and "root:x" not in err


def test_a_link_inside_the_region_is_followed(region):
    (region / "wisconsin.yaml").rename(region / "wisconsin-data.yaml")
    link(region / "wisconsin.yaml", "wisconsin-data.yaml")
    assert load_profile(load_region(region), region / "wisconsin.yaml").name == "Wisconsin"


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "/dev/zero",
                                    "/dev/urandom", "/proc/self/status"])
def test_system_files_are_refused_before_reading(region, capsys, target):
    link(region / "wisconsin.yaml", target)
    err = validate(region, capsys)
    assert "is a link to a file outside the folder" in err
    assert "root:" not in err and "PATH=" not in err


def test_a_link_loop_is_a_problem_not_a_traceback(region, capsys):
    link(region / "wisconsin.yaml", region / "loop.yaml")
    link(region / "loop.yaml", region / "wisconsin.yaml")
    err = validate(region, capsys)
    assert f"{region}/wisconsin.yaml:1:1: (file): cannot read the file" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name, message", [
    ("region.yaml", "no region.yaml in this folder"),
    ("wisconsin.yaml", "wisconsin.yaml:1:1: (file): is not an ordinary file (a device, pipe or "
                       "socket)"),
    ("locations/wisconsin.csv", "locations/wisconsin.csv:1:1: (file): is not an ordinary file")])
def test_a_pipe_is_refused_without_waiting_for_it(region, capsys, name, message):
    (region / "wisconsin.yaml").write_text(WITH_MAP)
    (region / name).unlink()
    os.mkfifo(region / name)
    status = {}
    worker = threading.Thread(target=lambda: status.setdefault("exit", main(
        ["validate", str(region)])), daemon=True)
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():  # unblock the reader so that the test run can go on
        os.open(region / name, os.O_WRONLY | os.O_NONBLOCK)
    assert not worker.is_alive(), "validate waited on a pipe"
    assert status["exit"] in (1, 2) and message in capsys.readouterr().err


def test_a_socket_is_refused(region, capsys, tmp_path):
    (region / "wisconsin.yaml").unlink()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(region / "wisconsin.yaml"))
    try:
        err = validate(region, capsys)
    finally:
        server.close()
    assert "wisconsin.yaml:1:1: (file): is not an ordinary file" in err


def test_the_size_limit_counts_the_bytes_read_not_the_size_reported(region, monkeypatch):
    """A file under /proc reports size 0 whatever it holds: the limit must still hold."""
    (region / "wisconsin.yaml").write_text(WISCONSIN + "#" + "x" * read.MAX_FILE_BYTES + "\n")
    real_fstat = os.fstat

    def reports_zero(descriptor):
        result = real_fstat(descriptor)
        return os.stat_result((*result[:6], 0, *result[7:]))

    monkeypatch.setattr(read.os, "fstat", reports_zero)
    with pytest.raises(InvalidInput) as error:
        load_profile(None, region / "wisconsin.yaml")
    assert str(error.value) == (
        f"{region}/wisconsin.yaml:1:1: (file): has more than 1,000,000 bytes; a data file may "
        "have at most 1,000,000: check that this is the right file")


def test_a_locations_file_over_the_limit_is_refused(region):
    text = "county,cases\n" + "Dane,1\n" * (read.MAX_FILE_BYTES // 7 + 1)
    (region / "locations" / "wisconsin.csv").write_text(text)
    (region / "wisconsin.yaml").write_text(WITH_MAP)
    with pytest.raises(InvalidInput) as error:
        load_profile(None, region / "wisconsin.yaml")
    assert f"locations/wisconsin.csv:1:1: (file): has {len(text):,} bytes; a data file may " \
        "have at most 1,000,000" in str(error.value)


@pytest.mark.parametrize("content", ["", "{{not yaml", "\x00\x01\x02", "state: [\n"])
def test_no_message_quotes_a_file_from_outside(region, outside, capsys, content):
    outside.write_text(content + SECRET)
    link(region / "wisconsin.yaml", outside)
    err = validate(region, capsys)
    assert "SECRET" not in err and "root:x" not in err
