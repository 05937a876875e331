"""ReportLab's C accelerator (`rl_accel`, ReportLab's `accel` extra), for the functions it
computes exactly as ReportLab's Python code does: numbers and strings as a PDF writes
them, and font checksums. Its text widths differ from ReportLab's own in the last bits,
which moves words by a fraction of a point: ReportLab keeps its own widths, so the PDFs
are the same bytes with the accelerator or without it (tests/test_accelerator.py).

ReportLab picks each function up from the `_rl_accel` module when it is first imported;
`report` is imported before it, and puts a module of EXACT alone in that module's place.
"""

import sys
import types

EXACT = ("fp_str", "escapePDF", "calcChecksum", "add32")


def use_exact_functions() -> None:
    """Have ReportLab take only EXACT from its accelerator, where it is installed and
    ReportLab has not chosen its functions yet (a process that imports ReportLab before
    `report` gets the whole accelerator, and other bytes)."""
    if "reportlab.lib.rl_accel" in sys.modules:
        return
    try:
        import _rl_accel
    except ImportError:  # not installed, or turned off (None in sys.modules)
        return
    exact = types.ModuleType("_rl_accel", "ReportLab's accelerator: its exact functions")
    for name in EXACT:
        setattr(exact, name, getattr(_rl_accel, name))
    sys.modules["_rl_accel"] = exact
