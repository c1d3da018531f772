"""`formcheck track`: convert external landmark data into a track, or describe a track."""

from __future__ import annotations

import argparse
from pathlib import Path

from formcheck.errors import UserError
from formcheck.pose.convert import track_from_file
from formcheck.pose.keypoint_layouts import LAYOUTS
from formcheck.pose.keypoint_table import ConvertOptions
from formcheck.pose.track import load_track, save_track


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `track` subcommand."""
    parser = sub.add_parser("track", help="convert or inspect landmark-track files")
    actions = parser.add_subparsers(dest="action", required=True)
    convert = actions.add_parser(
        "convert", help="keypoints from another pose tool (CSV or JSON) -> .track.npz",
        description="Read BlazePose-33 or COCO-17 keypoints from a CSV or JSON file "
                    "(layouts in docs/track-format.md) into a landmark track.")
    convert.add_argument("source", type=Path, metavar="IN.csv|IN.json")
    convert.add_argument("target", type=Path, metavar="OUT.track.npz")
    convert.add_argument("--layout", choices=tuple(LAYOUTS), default="blazepose33",
                         help="order of numbered keypoints in a CSV (default: blazepose33)")
    convert.add_argument("--fps", type=float, default=None,
                         help="frame rate, for files whose frames carry no times")
    convert.add_argument("--image-size", type=_image_size, default=None, metavar="WxH",
                         help="frame size in pixels (needed for pixel coordinates; "
                              "corrects angles for the frame's aspect ratio)")
    convert.set_defaults(run=_convert)
    info = actions.add_parser("info", help="describe a .track.npz file")
    info.add_argument("track", type=Path, metavar="TRACK")
    info.set_defaults(run=_info)


def _image_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels, got {text!r}"
                                         ) from None
    if width <= 0 or height <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive WIDTHxHEIGHT, got {text!r}")
    return width, height


def _convert(args: argparse.Namespace) -> int:
    if args.fps is not None and not args.fps > 0:
        raise UserError(f"--fps must be a positive number, got {args.fps:g}")
    track = track_from_file(args.source, ConvertOptions(args.layout, args.fps, args.image_size))
    save_track(track, args.target)
    print(f"{args.target}: {len(track)} frames")
    if track.poses.image_size is None:
        print("  the frame size is unknown: angles in the picture are read as if the frame "
              "were square; give --image-size WIDTHxHEIGHT to correct them")
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
