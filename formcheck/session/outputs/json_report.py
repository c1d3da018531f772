"""Output "json": the report as an indented JSON file (the machine-readable result)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from formcheck.report.document import Report
from formcheck.report.write import write_report
from formcheck.session.outputs.base import Output


class JsonReport(Output):
    """Writes the report as JSON, atomically."""

    def write(self, report: Report, written: Mapping[str, Path]) -> Path:
        """Write the report."""
        assert self.target is not None, "the JSON report needs a file"
        write_report(report, self.target)
        return self.target
