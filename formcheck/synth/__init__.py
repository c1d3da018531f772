"""Synthetic, labelled landmark motion for testing and benchmarking the form rules.

A kinematic body (segment lengths from anthropometric proportions) is driven
by joint-angle keyframes from an exercise script, optionally with injected
faults, projected through a pinhole camera, and degraded like a pose detector's
output (jitter, self-occlusion, drop-outs). The ground truth (reps, holds,
faults with their intervals) travels in the track's ``meta["truth"]``.

Example:
    >>> from formcheck.synth import Camera, FaultSpec, synthesize
    >>> result = synthesize("squat", seed=1, camera=Camera(azimuth_deg=0),
    ...                     faults=[FaultSpec("knee_valgus", 8.0, reps=(2,))])
"""

from __future__ import annotations

from formcheck.synth.body import BodyParams
from formcheck.synth.camera import Camera, PlacedCamera
from formcheck.synth.channels import BodySide
from formcheck.synth.exercises import EXERCISES, get_exercise
from formcheck.synth.faults import FaultEvent, FaultSpec
from formcheck.synth.noise import NoiseConfig
from formcheck.synth.synthesize import SynthResult, synthesize, write_track

__all__ = [
    "EXERCISES",
    "BodyParams",
    "Camera",
    "FaultEvent",
    "FaultSpec",
    "NoiseConfig",
    "PlacedCamera",
    "BodySide",
    "SynthResult",
    "get_exercise",
    "synthesize",
    "write_track",
]
