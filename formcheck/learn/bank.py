"""The candidate metrics a demonstration is read through, and their values over a track.

Each candidate is a metric of the exercise language (joint angles, segment
inclinations, heights and distances in torso lengths, the hip line, the head
against the trunk) written once for "a side"; sided candidates are read on the
left and the right. `read_bank` evaluates every candidate over a `PoseBlock` with
the engine's own `MetricBank`, so what is learned is what a check will compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import TypeAdapter

from formcheck.analysis.metrics import MetricBank, side_visibility
from formcheck.pose.block import PoseBlock
from formcheck.spec.language import AnyMetric, ExerciseSpec, Metric
from formcheck.spec.units import Unit

_METRIC = TypeAdapter(Metric)


@dataclass(frozen=True)
class Candidate:
    """One candidate metric.

    Attributes:
        name: the metric's name in a learned file, e.g. "knee_angle".
        label: a short name in plain words, e.g. "knee angle".
        fields: the metric's definition as written in a file, without `side`.
        meaning: what the number means, for the file's `description`.
        region: "body" (trunk and legs), "arms", or "posture" (hip line, head,
            shrug: measures of how a position is held, better as checks than drivers).
    """

    name: str
    label: str
    fields: dict[str, Any]
    meaning: str
    region: str = "body"

    @property
    def metric(self) -> AnyMetric:
        """The parsed definition (side "left"; the bank reads both sides anyway)."""
        return _METRIC.validate_python({**self.fields, "label": self.label})

    @property
    def sided(self) -> bool:
        """True when the metric is read per body side."""
        return self.metric.is_sided

    @property
    def unit(self) -> Unit:
        """The unit of its values."""
        return self.metric.natural_unit()


def _angle(name: str, label: str, at: list[str], meaning: str, region: str = "body"
           ) -> Candidate:
    return Candidate(name, label, {"kind": "angle", "at": at}, meaning, region)


def _incline(name: str, label: str, start: str, end: str, meaning: str, region: str = "body"
             ) -> Candidate:
    fields = {"kind": "inclination", "from": start, "to": end, "reference": "vertical"}
    return Candidate(name, label, fields, meaning, region)


def _height(name: str, label: str, below: str, above: str, meaning: str, region: str = "body"
            ) -> Candidate:
    fields = {"kind": "distance", "from": below, "to": above, "axis": "vertical_up"}
    return Candidate(name, label, fields, meaning, region)


def _distance(name: str, label: str, start: str, end: str, meaning: str,
              region: str = "body") -> Candidate:
    fields = {"kind": "distance", "from": start, "to": end}
    return Candidate(name, label, fields, meaning, region)


CANDIDATES: tuple[Candidate, ...] = (
    # In the order checks are preferred when more metrics stay still than a file needs.
    _incline("trunk_lean", "trunk lean", "mid_hip", "mid_shoulder",
             "Trunk from upright, degrees: 0 standing tall, 90 lying or in a plank."),
    Candidate("hip_line", "hip line",
              {"kind": "offset", "point": "mid_hip", "line": ["mid_shoulder", "mid_ankle"]},
              "How far the hips sit above (+) or below (-) the shoulder-to-ankle line, in "
              "torso lengths.",
              region="posture"),
    Candidate("head_forward", "head forward",
              {"kind": "bend", "at": ["mid_hip", "mid_shoulder", "mid_ear"], "toward": "nose"},
              "How far the head bends forward (+) or back (-) from the trunk's line, degrees.",
              region="posture"),
    _distance("shoulder_to_ear", "shoulder to ear", "shoulder", "ear",
              "Distance from shoulder to ear, torso lengths: it shrinks when the shoulder "
              "shrugs up.",
              region="posture"),
    _incline("upper_arm_angle", "upper arm angle", "shoulder", "elbow",
             "Upper arm from hanging straight down, degrees: 0 at the side, 90 level.",
           region="arms"),
    _angle("elbow_angle", "elbow angle", ["shoulder", "elbow", "wrist"],
           "Elbow angle, degrees: 180 straight, about 40 fully bent.",
           region="arms"),
    _angle("knee_angle", "knee angle", ["hip", "knee", "ankle"],
           "Knee angle, degrees: 180 straight, about 90 with the thigh level in a squat."),
    _angle("hip_angle", "hip angle", ["shoulder", "hip", "knee"],
           "Angle between trunk and thigh at the hip, degrees: 180 standing straight."),
    _angle("shoulder_angle", "arm to trunk angle", ["elbow", "shoulder", "hip"],
           "Angle between upper arm and trunk at the shoulder, degrees: 0 arm at the side.",
           region="arms"),
    _incline("thigh_angle", "thigh angle", "hip", "knee",
             "Thigh from vertical, degrees: 0 standing, 90 level."),
    _incline("shin_angle", "shin lean", "ankle", "knee",
             "Shin from vertical, degrees: 0 upright."),
    _incline("forearm_angle", "forearm angle", "elbow", "wrist",
             "Forearm from hanging straight down, degrees.",
           region="arms"),
    _angle("ankle_angle", "ankle angle", ["knee", "ankle", "foot_index"],
           "Angle between shin and foot, degrees: about 90-110 standing."),
    _height("hip_height", "hip height", "mid_ankle", "mid_hip",
            "Height of the hips above the ankles, torso lengths."),
    _height("head_height", "head height", "mid_hip", "nose",
            "Height of the nose above the hips, torso lengths."),
    _height("wrist_height", "hand height", "shoulder", "wrist",
            "Height of the wrist above the shoulder, torso lengths (negative below it).",
           region="arms"),
    _height("knee_height", "knee height", "hip", "knee",
            "Height of the knee above the hip, torso lengths (negative below it)."),
    _height("heel_height", "heel height", "foot_index", "heel",
            "Height of the heel above the toes, torso lengths."),
    _distance("knee_to_chest", "knee to chest", "knee", "mid_shoulder",
              "Distance from the knee to the middle of the shoulders, torso lengths."),
    _distance("feet_apart", "feet apart", "left_ankle", "right_ankle",
              "Distance between the ankles, torso lengths."),
    _distance("hands_apart", "hands apart", "left_wrist", "right_wrist",
              "Distance between the wrists, torso lengths.",
           region="arms"),
)
"""Every candidate metric, by name."""


@dataclass(frozen=True)
class BankReading:
    """Every candidate's values over one track.

    Attributes:
        t_ms: shape (N,), frame times, ms.
        values: candidate name -> shape (N, 2), (left, right) values in the
            candidate's unit, NaN where any landmark it reads is below the
            confidence floor; both columns equal for an unsided candidate.
        side_visibility: shape (2,), mean visibility of the left and right body
            landmarks over the frames with a person.
    """

    t_ms: np.ndarray
    values: dict[str, np.ndarray]
    side_visibility: np.ndarray
    candidates: dict[str, Candidate] = field(default_factory=dict)


def read_bank(block: PoseBlock, confidence_floor: float) -> BankReading:
    """Evaluate every candidate on every frame of `block` (see `MetricBank.compute`)."""
    metrics = {c.name: c.metric for c in CANDIDATES}
    bank = MetricBank(ExerciseSpec.model_construct(metrics=metrics))
    values, confidence = bank.compute(block)
    values = np.where(confidence >= confidence_floor, values, np.nan)
    seen = block.has_person
    visibility = side_visibility(block)[seen].mean(axis=0) if seen.any() else np.zeros(2)
    return BankReading(
        t_ms=np.asarray(block.timestamp_ms, dtype=float),
        values={name: values[:, j, :] for j, name in enumerate(bank.names)},
        side_visibility=visibility,
        candidates={c.name: c for c in CANDIDATES},
    )
