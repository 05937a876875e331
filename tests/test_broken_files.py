"""Broken files through the command line, as an analyst meets them: exit
status 1, one located line per mistake, no traceback, and the older PDF of
the state left exactly as it was."""

import pytest

from report.cli import main

OLD_PDF = b"%PDF- an older, good handout"


@pytest.mark.parametrize("edit, expected", [
    (("state: Wisconsin", "state: !!python/object/apply:os.system ['echo owned']"),
     "wisconsin.yaml:5:8: (yaml): the tag !!python/object/apply:os.system is not allowed; "
     "write plain text, numbers and lists"),
    (("  cases: 227", "  cases: 2,270"),
     "wisconsin.yaml:11:10: totals.cases: expected a whole number, found 2,270; "
     "write it as 2270, without commas"),
    (("    Female: 200", "    女性: 200"),
     "wisconsin.yaml:18:5: demographics.gender.女性: contains '女' (U+5973), '性' (U+6027), "
     "which the handout's typeface cannot print; replace or remove them"),
    (("locations/wisconsin.csv", "../../wisconsin.csv"),
     "wisconsin.yaml:26:14: heat_map.locations: must be a file inside the state file's "
     "folder, like locations/wisconsin.csv"),
    (("period:\n  start", "period:\n\tstart"),
     "wisconsin.yaml:7:1: (yaml): a tab is used for indenting; indent with spaces"),
    (("state: Wisconsin", "state: Wisconsin\nx: &a [1]\ny: *a"),
     "wisconsin.yaml:7:4: (yaml): aliases (*name) are not allowed; write the value out in full"),
])
def test_a_broken_file_fails_cleanly(region, tmp_path, capsys, edit, expected):
    state = region / "wisconsin.yaml"
    state.write_text(state.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    old = tmp_path / "out" / "region-v" / "wisconsin.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(OLD_PDF)

    assert main(["build", str(state), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1

    err = capsys.readouterr().err
    assert f"{region}/{expected}" in err.splitlines()
    assert "Traceback" not in err
    assert old.read_bytes() == OLD_PDF
    assert [p.name for p in old.parent.iterdir()] == ["wisconsin.pdf"]  # no temporary left
