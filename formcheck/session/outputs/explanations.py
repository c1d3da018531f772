"""Output "explanations": each check's long description and camera notes on standard output."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from formcheck.report.document import Report
from formcheck.report.summary import explain
from formcheck.session.outputs.base import Output


class Explanations(Output):
    """Prints what each check means and what one camera cannot see of it (`--explain`)."""

    def write(self, report: Report, written: Mapping[str, Path]) -> None:
        """Print the explanations."""
        print(explain(report))
