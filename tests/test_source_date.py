"""SOURCE_DATE_EPOCH, which dates the PDFs: a value that is not a whole number of seconds
from 0 to the end of year 9999 stops the command with one line and exit 2, before any
library reads it; the edge values that are allowed date the PDFs as they say."""

import re

import pikepdf
import pytest
from hypothesis import given, settings, strategies as st

from report.cli import LAST_SECOND
from tests.conftest import EXAMPLE
from tests.subprocesses import environment, run_report


def allowed(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,20}", value)) and int(value) <= LAST_SECOND


BAD_VALUES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
            max_size=30),
    st.integers(max_value=-1).map(str),
    st.integers(min_value=LAST_SECOND + 1).map(str),
    st.floats().map(str),
    st.integers(0, LAST_SECOND).map(lambda n: f" {n}"),
    st.integers(0, LAST_SECOND).map(lambda n: f"{n}.0"),
    st.integers(0, 9).map(lambda n: "0" * 5000 + str(n)),  # NumPy's int() refuses so long
).filter(lambda value: not allowed(value))


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(value=BAD_VALUES, command=st.sampled_from(["build", "validate"]))
def test_a_bad_source_date_epoch_is_refused_in_one_line(tmp_path_factory, value, command):
    out = tmp_path_factory.mktemp("epoch") / "out"
    extra = ["--out", str(out), "-j2"] if command == "build" else []
    result = run_report(command, EXAMPLE, *extra, env=environment(SOURCE_DATE_EPOCH=value))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("report: SOURCE_DATE_EPOCH is ")
    assert "`date +%s`" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("value, date", [("0", "D:19700101000000"),
                                         ("1234567890", "D:20090213233130"),
                                         ("0001234567890", "D:20090213233130"),
                                         (str(LAST_SECOND), "D:99991231235959")])
def test_an_allowed_source_date_epoch_dates_the_pdfs(tmp_path, value, date):
    result = run_report("build", EXAMPLE / "ohio.yaml", "--out", tmp_path, "-j1",
                        env=environment(SOURCE_DATE_EPOCH=value))
    assert result.returncode == 0, result.stderr
    with pikepdf.open(tmp_path / "region-v" / "ohio.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith(date)
