"""`formcheck report`: one self-contained HTML page from a JSON report."""

from __future__ import annotations

import argparse
from pathlib import Path

from pydantic import ValidationError

from formcheck.errors import UserError
from formcheck.report.html import MAX_MOMENTS
from formcheck.report.write import read_report
from formcheck.session.outputs.html_page import HtmlPage


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `report` subcommand."""
    p = sub.add_parser("report", help="render a JSON report as one self-contained HTML page")
    p.add_argument("session", type=Path, metavar="SESSION.json")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.html",
                   help="where to write the page (default: SESSION.html beside the report)")
    p.add_argument("--video", type=Path, help="the video, when it has moved since the check")
    p.add_argument("--track", type=Path, metavar="TRACK.track.npz",
                   help=("the landmark track, when it has moved since the check (skeleton "
                         "drawings, clips and replays)"))
    p.add_argument("--max-moments", type=int, default=MAX_MOMENTS, metavar="N",
                   help=f"pictures, clips and replays for at most N faults (default {MAX_MOMENTS})")
    p.set_defaults(run=run)


def load_session_report(path: Path):
    """Read a JSON report, turning unreadable or invalid files into one-line errors."""
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    try:
        return read_report(path)
    except ValidationError as exc:
        raise UserError(f"{path}: not a formcheck report ({exc.error_count()} problems, "
                        f"first: {exc.errors()[0]['msg']})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read ({exc})") from None


def run(args: argparse.Namespace) -> int:
    """Render the page and print where it went."""
    if args.max_moments < 0:
        raise UserError(f"--max-moments {args.max_moments}: must be 0 or more")
    report = load_session_report(args.session)
    out = args.output or args.session.with_suffix(".html")
    page = HtmlPage(out, video=args.video, track=args.track, max_moments=args.max_moments)
    page.write(report, {})
    print(f"report: {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0
