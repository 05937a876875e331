"""`python -m report`: the same as the `report` command."""

from report.cli import run

run()
