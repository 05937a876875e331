"""Printable PDF state profiles "<State>: Efforts to Combat Human Trafficking"."""

from report.accelerator import use_exact_functions

use_exact_functions()  # before anything imports ReportLab
