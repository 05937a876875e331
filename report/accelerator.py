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
import warnings

EXACT = ("fp_str", "escapePDF", "calcChecksum", "add32")


def use_exact_functions() -> None:
    """Have ReportLab take only EXACT from its accelerator, where it is installed and
    ReportLab has not chosen its functions yet; warn where it has taken others."""
    chosen = sys.modules.get("reportlab.lib.rl_accel")
    if chosen is not None:
        if set(chosen._c_funcs) - set(EXACT):
            warnings.warn("ReportLab was imported before report and uses all of its C "
                          "accelerator: the PDFs' text may be placed a fraction of a point "
                          "away from where the command line places it (import report first)",
                          stacklevel=3)
        return
    try:
        import _rl_accel
    except ImportError:  # not installed, or turned off (None in sys.modules)
        return
    exact = types.ModuleType("_rl_accel", "ReportLab's accelerator: its exact functions")
    exact.__spec__, exact.version = _rl_accel.__spec__, _rl_accel.version
    for name in EXACT:
        setattr(exact, name, getattr(_rl_accel, name))
    sys.modules["_rl_accel"] = exact
