"""`formcheck track`: convert external landmark data into a track, or describe a track."""

from __future__ import annotations

import argparse
from pathlib import Path

from formcheck.pose.convert import track_from_csv
from formcheck.pose.track import load_track, save_track


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `track` subcommand."""
    parser = sub.add_parser("track", help="convert or inspect landmark-track files")
    actions = parser.add_subparsers(dest="action", required=True)
    convert = actions.add_parser("convert", help="CSV landmarks -> .track.npz")
    convert.add_argument("source", type=Path, metavar="IN.csv")
    convert.add_argument("target", type=Path, metavar="OUT.track.npz")
    convert.set_defaults(run=_convert)
    info = actions.add_parser("info", help="describe a .track.npz file")
    info.add_argument("track", type=Path, metavar="TRACK")
    info.set_defaults(run=_info)


def _convert(args: argparse.Namespace) -> int:
    track = track_from_csv(args.source)
    save_track(track, args.target)
    print(f"{args.target}: {len(track)} frames")
    return 0


def _info(args: argparse.Namespace) -> int:
    track = load_track(args.track)
    poses = track.poses
    seen = int(poses.has_person.sum())
    span = (poses.timestamp_ms[-1] - poses.timestamp_ms[0]) / 1000.0 if len(poses) else 0.0
    print(f"{args.track}: {len(track)} frames, {span:.1f} s, person in {seen} frames")
    for key, value in sorted(track.meta.items()):
        if key != "truth":
            print(f"  {key}: {value}")
    return 0
