"""One room per concern: what is done with pikepdf lives in report/pdf/, ReportLab's
drawing in report/layout/, and the data model loads neither ReportLab nor the theme."""

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "report"


def imported(module: Path) -> set[str]:
    """The top-level names of the modules a source file imports, wherever it imports them."""
    names = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_pdf_stage_uses_pikepdf():
    users = {path.relative_to(PACKAGE).parts[0] for path in PACKAGE.rglob("*.py")
             if "pikepdf" in imported(path)}
    assert users == {"pdf"}


def test_the_pdf_stage_draws_nothing_with_reportlab():
    assert not [path.name for path in (PACKAGE / "pdf").glob("*.py")
                if "reportlab" in imported(path)]


def test_every_module_has_its_own_name():
    names = Counter(path.name for path in PACKAGE.rglob("*.py") if path.name != "__init__.py")
    assert [name for name, count in names.items() if count > 1] == []


def test_the_model_loads_neither_reportlab_nor_matplotlib_nor_the_theme():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, report.model, report.load; print(*sys.modules)"],
        capture_output=True, text=True, check=True).stdout.split()
    assert not [name for name in loaded if name.split(".")[0] in ("reportlab", "matplotlib")
                or name == "report.theme"]


def test_every_module_can_be_imported_first():
    """No import cycle hides behind the order the program happens to import in."""
    modules = [".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
        ".__init__") for path in sorted(PACKAGE.rglob("*.py")) if path.name != "__main__.py"]
    imports = {module: subprocess.Popen([sys.executable, "-c", f"import {module}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for module in modules}
    assert [module for module, process in imports.items() if process.wait()] == []
