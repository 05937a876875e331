"""ReportLab's C accelerator, kept to the functions whose results are ReportLab's own
(report/accelerator.py): the same numbers and strings for the numbers and bytes ReportLab
writes (coordinates, sizes and colours; escaped text; font tables), and the same PDFs,
byte for byte, with it or without it."""

import importlib.util
import subprocess
import sys

import pytest
import reportlab
from hypothesis import example, given
from hypothesis import strategies as st
from reportlab.lib import rl_accel
from reportlab.pdfbase import ttfonts

from report.accelerator import EXACT
from tests.conftest import EXAMPLE, ROOT
from tests.subprocesses import environment

# Numbers as a page has them (points, fractions of colours and matrices), and any up to
# 1e20, far beyond a page (past it the accelerator refuses them, where ReportLab writes
# all their digits).
NUMBERS = st.one_of(st.floats(-2000, 2000), st.floats(-1, 1), st.floats(-1e20, 1e20),
                    st.integers(-10**15, 10**15))


@pytest.fixture(scope="module")
def both() -> tuple[dict, dict]:
    """ReportLab's functions from the accelerator and its Python ones, side by side, from
    rl_accel loaded again in the testing mode ReportLab's own tests use."""
    pytest.importorskip("_rl_accel")
    spec = importlib.util.spec_from_file_location("rl_accel_both", rl_accel.__file__)
    module = importlib.util.module_from_spec(spec)
    reportlab._rl_testing = True
    try:
        spec.loader.exec_module(module)
    finally:
        del reportlab._rl_testing
    return module._c_funcs, module._py_funcs


def test_reportlab_takes_only_the_exact_functions_from_it():
    pytest.importorskip("_rl_accel")
    assert set(rl_accel._c_funcs) == set(EXACT)
    assert ttfonts.instanceStringWidthTTF is rl_accel._py_funcs["instanceStringWidthTTF"]


# Ties of every precision ReportLab writes, the bounds where it writes fewer decimals or
# 0, and the largest number: where a C library's rounding could part from Python's.
@given(st.lists(NUMBERS, min_size=1, max_size=6))
@example([1.0078125, 0.0078125, 0.5, 2.5, 100.03125, 10000.125, 1000000.5])
@example([-3e-7, 3e-7, 1e-7, -1e-7, 1.0000001e-7, 5e-7, -5e-7])
@example([10.0 ** k for k in range(-7, 21)] + [-(10.0 ** k) for k in range(-7, 21)])
@example([0.0, -0.0, 0.99999995, 9.9999995, 99.999995, 999.99995, 9999.9995, 99999.995])
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


def test_the_pdfs_are_the_same_bytes_without_it(region_out, tmp_path):
    """The example region as this process builds it (with the accelerator, where it is
    installed), and built again with ReportLab's Python code alone."""
    without = "import sys; sys.modules['_rl_accel'] = None; from report.cli import run; run()"
    subprocess.run([sys.executable, "-c", without, "build", str(EXAMPLE), "--out",
                    str(tmp_path), "-q"], cwd=ROOT, env=environment(), check=True,
                   timeout=300)
    made = sorted(path.name for path in region_out.glob("*.pdf"))
    assert len(made) == 7
    for name in made:
        assert (region_out / name).read_bytes() == \
            (tmp_path / "region-v" / name).read_bytes(), name


def test_reportlab_imported_first_is_warned_of():
    """A process that imports ReportLab before report gets the whole accelerator, and is
    told so."""
    pytest.importorskip("_rl_accel")
    run = subprocess.run([sys.executable, "-c", "import reportlab.pdfbase.ttfonts, report"],
                         cwd=ROOT, env=environment(), capture_output=True, text=True,
                         timeout=120, check=True)
    assert "ReportLab was imported before report" in run.stderr
