"""Learning an exercise file from one demonstration's landmark track."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass

import numpy as np

from formcheck.errors import UserError
from formcheck.learn.bank import BankReading, Candidate, read_bank
from formcheck.learn.bends import sideless_bends
from formcheck.learn.camera import OBSERVABILITY, demo_view, require_body
from formcheck.learn.driver import Driver, find_driver
from formcheck.learn.hold import find_hold, hold_fields
from formcheck.learn.reads import posture as body_posture
from formcheck.learn.reads import reading_views, reads_from
from formcheck.learn.signals import frame_rate
from formcheck.learn.sourced import Sourced, shown
from formcheck.learn.steady import SteadyCheck, steady_checks
from formcheck.learn.thresholds import full_range_fields, rep_fields
from formcheck.learn.writer import LearnedFile, Section, write_toml
from formcheck.pose.block import PoseBlock
from formcheck.spec.language import VIEW_NAMES, ExerciseSpec

CONFIDENCE_FLOOR = 0.4  # the exercise language's default
_FOR_S = {"rep": 0.3, "hold": 0.5}
"""How long a steady metric must stay out of its band before a flag, s: a rep's faulty
moment may be brief; in a hold nothing should move, and a fault is a position held
wrong (hips sagging), not a moment's blip of the landmarks."""
_SIDE_WORDS = {"two-sided": "both sides together", "one side": "one side",
               "alternating": "alternating sides"}


@dataclass(frozen=True)
class Learned:
    """A learned exercise.

    Attributes:
        text: the exercise file, TOML with provenance comments.
        spec: the same, loaded and validated.
        view: the demonstration's view.
        sides: "two-sided", "one side" or "alternating"; None for a hold.
        demonstrated: reps read in the demonstration (0 for a hold).
    """

    text: str
    spec: ExerciseSpec
    view: str
    sides: str | None
    demonstrated: int


def _averaging_hz(for_s: float) -> float:
    """A held metric's fading-mean cut-off, Hz: averaged over about `for_s` seconds."""
    return round(1.0 / (2.0 * math.pi * for_s), 2)


def _metric_section(candidate: Candidate, side: str | None, role: str,
                    check: SteadyCheck | None = None, during: str = "rep") -> Section:
    fields = {"label": Sourced(candidate.label), "unit": Sourced(candidate.unit)}
    fields |= {key: Sourced(value) for key, value in candidate.fields.items()}
    if side is not None:
        fields["side"] = Sourced(side, {"mean": "both sides together (the one seen, when only "
                                                "one is)",
                                        "each": "each side counted on its own"}[side])
    if check is not None and check.reference is not None:
        fields["baseline"] = Sourced(True, "checked as a change from where the person starts: "
                                     "where a body holds it differs from person to person")
    if check is not None:
        fields["steady_hz"] = Sourced(_averaging_hz(_FOR_S[during]), "held still, so averaged "
                                      f"over about {_FOR_S[during]:g} s, "
                                      "the time it must stay out of its band to be flagged: "
                                      "the landmarks' jitter is not read as a movement")
    fields["description"] = Sourced(candidate.meaning)
    return Section(f"[metrics.{candidate.name}]", fields, role)


def _bounds_words(check: SteadyCheck) -> str:
    unit, signed = check.candidate.unit, check.metric.signed
    start = "" if check.reference is None else " of where it was at the start"
    if check.minimum is not None and check.maximum is not None:
        return (f"between {shown(check.minimum, unit, signed)} and "
                f"{shown(check.maximum, unit, signed)}{start}")
    if check.minimum is not None:
        return f"at {shown(check.minimum, unit, signed)} or more{start}"
    return f"at {shown(check.maximum, unit, signed)} or less{start}"  # type: ignore[arg-type]


def _check_section(check: SteadyCheck, during: str, views: list[str] | None) -> Section:
    label = check.candidate.label
    fields = {
        "id": Sourced(f"steady_{check.candidate.name}"),
        "kind": Sourced("range"),
        "metric": Sourced(check.candidate.name),
    }
    if check.minimum is not None:
        fields["min"] = Sourced(check.minimum, check.source())
    if check.maximum is not None:
        fields["max"] = Sourced(check.maximum, "" if "min" in fields else check.source())
    fields |= {
        "during": Sourced(during, {"rep": "judged during each rep",
                                   "hold": "judged during the hold"}[during]),
        "for_s": Sourced(_FOR_S[during], f"flagged after {_FOR_S[during]:g} s outside the band"),
        **({"views": Sourced(views, "the band was measured from the demonstration's view")}
           if views else {}),
        "description": Sourced(f"The {label} stays {_bounds_words(check)}, as held steady "
                               "in the demonstration"),
        "cue": Sourced(f"Hold your {label} steady"),
        "severity": Sourced("warn"),
    }
    return Section("[[constraints]]", fields)


def counted_views(mover: Candidate, view: str, posture: str, extra: tuple[str, ...]
                  ) -> tuple[list[str], str]:
    """The views the driver (or hold metric) reads from, the demonstration's first, and why.

    See `formcheck.learn.reads`; `extra` adds views asked for.
    """
    reads = reading_views(mover, posture)
    views = [view, *[v for v in reads if v != view]]
    views += [v for v in extra if v not in views]
    if reads:
        why = (f"the {mover.label} is a joint angle or a limb's or trunk's inclination, read "
               "from 3D landmarks, so " + (
                   "a standing body shows it from every view" if posture == "standing" else
                   "on the floor the arms show it from every view" if len(reads) == 3 else
                   "a body on the floor shows it from the side and three-quarter views"))
    else:
        why = (f"the {mover.label} is read in the image and changes with the camera's angle: "
               "counted from the demonstration's view only")
    asked = [v for v in extra if v != view and v not in reads]
    if asked:
        why += f"; the {' and '.join(VIEW_NAMES[v] for v in asked)} added as asked"
    elif len(views) < 3:
        why += "; add a view once the file has been checked on a video filmed from it"
    return views, why


def _readable_driver(reading: BankReading, demo: str, reps: int | None, view: str) -> Driver:
    """The driver, among the metrics that read from the demonstration's `view`.

    Whether a body is on the floor shows only once the reps are known (the trunk
    at rest), so the driver is found first among every metric; when it does not
    read from `view` in that posture (a push-up filmed head-on counted on the
    hip angle, which the model guesses along the camera's axis), it is found
    again among those that do, if any shows the reps.
    """
    driver = find_driver(reading, demo, reps)
    posture = body_posture(reading, driver.frames(len(reading.t_ms)))
    if reads_from(driver.sides.candidate, view, posture):
        return driver
    try:
        return find_driver(reading, demo, reps, lambda c: reads_from(c, view, posture))
    except UserError:
        return driver


def learn_exercise(block: PoseBlock, *, demo: str, exercise_id: str, name: str,
                   reps: int | None = None, hold: bool = False,
                   views: tuple[str, ...] = ()) -> Learned:
    """Learn an exercise file from a demonstration.

    Args:
        block: the demonstration's landmarks (a whole track).
        demo: the demonstration's file, for messages and the file's notes.
        exercise_id, name: the new exercise's id and name.
        reps: how many reps were demonstrated (None: as many as found); ignored for a hold.
        hold: the demonstration is a steady hold, not reps.
        views: more views to count from besides those the driver reads from (see
            `counted_views`); the checks stay on the demonstration's view, where their
            bands were measured.

    Raises:
        UserError: the demonstration is unusable (nobody or not the whole body in
            view, fewer than two clear reps, no metric separating the reps, no hold).
    """
    require_body(block, demo, CONFIDENCE_FLOOR)
    reading = read_bank(block, CONFIDENCE_FLOOR)
    view, yaw = demo_view(block)
    judged = np.zeros(len(block), dtype=bool)
    start: np.ndarray | None = None  # the rest before the first rep, for a band's reference
    if hold:
        held = find_hold(reading, demo)
        judged = held.frames
        mover, side, sides, count = held.metric, "mean" if held.metric.sided else None, None, 0
        counting = Section("[hold]", hold_fields(held))
        during = "hold"
        partial: list[Section] = []
        what = f"a hold of {held.seconds:.0f} s"
        plan = {"sets": 3, "reps": 0, "hold_s": float(round(held.seconds)), "sides": "both"}
    else:
        driver = _readable_driver(reading, demo, reps, view)
        judged = driver.frames(len(block))
        first = min(e.start for r in driver.sides.readings.values() for e in r.excursions)
        start = ~judged & (np.arange(len(block)) < first)
        start = start if start.sum() >= 5 else ~judged
        mover, side = driver.sides.candidate, driver.sides.side_mode
        sides, count = driver.sides.kind, driver.count
        counting = Section("[rep]", rep_fields(driver, frame_rate(reading.t_ms)))
        during = "rep"
        partial = [Section("[[constraints]]",
                           full_range_fields(driver, counting.fields["far"].value))]
        what = f"{count} reps, {_SIDE_WORDS[sides]}"
        plan = {"sets": 3, "reps": 10, "sides": driver.sides.prescription}
    checks = steady_checks(reading, judged, {mover.name} | sideless_bends(block, judged), start)
    posture = body_posture(reading, judged)
    counted_from, why = counted_views(mover, view, posture, views)
    top = {
        "id": Sourced(exercise_id),
        "name": Sourced(name),
        "description": Sourced(
            f"{name}, learned from a demonstration ({what}); "
            + (f"reps are counted on the {mover.label}." if not hold
               else f"the hold is timed on the {mover.label}.")
            + " Reword this description and the cues below as you would say them."),
        "views": Sourced(counted_from, f"the demonstration was filmed from the "
                         f"{VIEW_NAMES[view]} (body turned {yaw:.0f}° from square-on); {why}"
                         + (". Each check below keeps the demonstration's view, where its band "
                            "was measured" if len(counted_from) > 1 else "")),
        "observability": Sourced(OBSERVABILITY[view] + " The thresholds and bands fit the "
                                 "demonstrator's range of movement: check them on the patient."),
        "start_posture": Sourced(posture, "from the trunk's lean at rest"),
        "prescription": Sourced(plan, "the programme is a placeholder: set sets, reps and "
                                "hold time for the patient"),
    }
    learned = LearnedFile(
        preamble=[f"Learned by formcheck exercises learn from {demo} ({what}, "
                  f"{len(block)} frames). Every number says where it came from; reword the "
                  "descriptions and cues, adjust a threshold, then check the file on a video."],
        sections=[
            Section(None, top),
            _metric_section(mover, side, "The movement's driver." if not hold
                            else "The metric that tells the held position."),
            *[_metric_section(c.candidate, "mean" if c.candidate.sided else None,
                              "Held steady in the demonstration.", c, during) for c in checks],
            counting,
            *partial,
            *[_check_section(c, during, [view] if len(counted_from) > 1 else None)
              for c in checks],
        ],
    )
    text = write_toml(learned)
    spec = ExerciseSpec.model_validate(tomllib.loads(text))
    return Learned(text, spec, view, sides, count)
