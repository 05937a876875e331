"""ReportLab's C accelerator, kept to the functions whose results are ReportLab's own
(report/accelerator.py): the same numbers and strings for any input a page can hold,
and the same PDFs, byte for byte, with it or without it."""

import importlib.util
import subprocess
import sys

import pytest
import reportlab
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib import rl_accel
from reportlab.pdfbase import ttfonts

from report.accelerator import EXACT
from tests.conftest import EXAMPLE, ROOT
from tests.subprocesses import environment

pytest.importorskip("_rl_accel")
PAGE_NUMBERS = st.floats(min_value=-1e20, max_value=1e20)  # far beyond any page


@pytest.fixture(scope="module")
def both() -> tuple[dict, dict]:
    """ReportLab's functions from the accelerator and its Python ones, side by side, from
    rl_accel loaded again in the testing mode ReportLab's own tests use."""
    spec = importlib.util.spec_from_file_location("rl_accel_both", rl_accel.__file__)
    module = importlib.util.module_from_spec(spec)
    reportlab._rl_testing = True
    try:
        spec.loader.exec_module(module)
    finally:
        del reportlab._rl_testing
    return module._c_funcs, module._py_funcs


def test_reportlab_takes_only_the_exact_functions_from_it():
    assert set(rl_accel._c_funcs) == set(EXACT)
    assert ttfonts.instanceStringWidthTTF is rl_accel._py_funcs["instanceStringWidthTTF"]


@given(st.lists(st.one_of(PAGE_NUMBERS, st.integers(-10**15, 10**15)), min_size=1,
                max_size=6))
def test_numbers_are_written_alike(both, numbers):
    c, py = both
    assert c["fp_str"](*numbers) == py["fp_str"](*numbers)
    assert c["fp_str"](numbers) == py["fp_str"](numbers)


@given(st.one_of(st.binary(), st.text(st.characters(max_codepoint=255))))
def test_strings_are_escaped_alike(both, text):
    c, py = both
    assert c["escapePDF"](text) == py["escapePDF"](text)


@given(st.binary(), st.integers(-2**40, 2**40), st.integers(-2**40, 2**40))
def test_font_checksums_are_alike(both, data, x, y):
    c, py = both
    assert c["calcChecksum"](data) == py["calcChecksum"](data)
    assert c["add32"](x, y) == py["add32"](x, y)


def test_the_pdfs_are_the_same_bytes_without_it(tmp_path):
    """The example region built with the accelerator, and again with ReportLab's Python
    code alone."""
    without = "import sys; sys.modules['_rl_accel'] = None; from report.cli import run; run()"
    for name, start in (("with", ["-m", "report"]), ("without", ["-c", without])):
        subprocess.run([sys.executable, *start, "build", str(EXAMPLE), "--out",
                        str(tmp_path / name), "-q"], cwd=ROOT, env=environment(),
                       check=True, timeout=300)
    made = sorted(path.relative_to(tmp_path / "with")
                  for path in (tmp_path / "with").rglob("*.pdf"))
    assert len(made) == 7
    for path in made:
        assert (tmp_path / "with" / path).read_bytes() == \
            (tmp_path / "without" / path).read_bytes(), path
