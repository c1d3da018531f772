"""PersonChooser on hand-made candidates (no model, no cv2).

`person(...)` builds a PoseFrame whose 33 landmarks are spread evenly over a box
given in normalized image coordinates (all visible), in a 1280x720 frame;
`wiggle` shifts the person sideways (normalized x) to simulate motion. The
two-person scenes at the end put a synthesized set beside a standing person.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark
from formcheck.pose.person_choice import (
    PersonChooser,
    body_extent,
    distinct_people,
    torso_center,
)
from formcheck.synth import Camera, synthesize

SIZE = (1280, 720)


def person(x0: float, y0: float, x1: float, y1: float, wiggle: float = 0.0) -> PoseFrame:
    t = np.linspace(0.0, 1.0, NUM_LANDMARKS)
    xy = np.stack([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t[::-1]], axis=1)
    xy[:, 0] += wiggle
    return PoseFrame(
        frame_index=0,
        timestamp_ms=0.0,
        image_xy=xy,
        image_z=np.zeros(NUM_LANDMARKS),
        visibility=np.ones(NUM_LANDMARKS),
        presence=np.ones(NUM_LANDMARKS),
        world_xyz=np.zeros((NUM_LANDMARKS, 3)),
        image_size=SIZE,
    )


# A standing bystander at the right edge and a big, central lying exerciser.
def coach() -> PoseFrame:
    return person(0.85, 0.1, 0.9, 0.9)


def patient(step: int = 0) -> PoseFrame:
    return person(0.15, 0.4, 0.75, 0.7, wiggle=0.02 * np.sin(step))


def test_extent_and_center() -> None:
    p = person(0.0, 0.0, 1.0, 1.0)
    assert body_extent(p) == 1.0
    assert np.allclose(torso_center(p), 0.5, atol=0.05)
    nobody = PoseFrame.empty(0, 0.0, SIZE)
    assert body_extent(nobody) == 0.0 and np.isnan(torso_center(nobody)).all()


def test_nobody() -> None:
    assert PersonChooser().choose([], 0.0) is None


def test_prefers_the_larger_central_person() -> None:
    chooser = PersonChooser()
    p, c = patient(), coach()
    assert chooser.choose([c, p], 0.0) is p


def test_leaves_a_bystander_seen_first_once_the_exerciser_appears() -> None:
    chooser = PersonChooser()
    t = 0.0
    for _ in range(30):  # only the coach in view for a second
        t += 33.0
        c = coach()
        assert chooser.choose([c], t) is c
    picks = []
    for step in range(60):
        t += 33.0
        c, p = coach(), patient(step)
        picks.append(chooser.choose([c, p], t) is p)
    assert all(picks[5:])  # takes over within a few frames


def test_does_not_flicker_between_similar_people() -> None:
    chooser = PersonChooser()
    left, right = person(0.2, 0.2, 0.45, 0.9), person(0.55, 0.2, 0.8, 0.9)
    first = chooser.choose([left, right], 0.0)
    for i in range(1, 50):
        left = person(0.2, 0.2, 0.45 + 0.01 * (i % 2), 0.9)
        right = person(0.55 - 0.01 * (i % 2), 0.2, 0.8, 0.9)
        chosen = chooser.choose([right, left], 33.0 * i)
        assert (chosen is left) == (first.image_xy[0, 0] < 0.5)


def _arms_moved(frame: PoseFrame, dy: float) -> PoseFrame:
    xy = frame.image_xy.copy()
    xy[int(Landmark.LEFT_ELBOW):int(Landmark.RIGHT_THUMB) + 1, 1] -= dy
    return dataclasses.replace(frame, image_xy=xy)


def test_moving_person_beats_a_still_one_of_similar_size() -> None:
    chooser = PersonChooser()
    picks = []
    for i in range(90):
        still = person(0.1, 0.2, 0.4, 0.9)
        moving = _arms_moved(person(0.6, 0.2, 0.9, 0.9), 0.1 * np.sin(i / 5))
        picks.append(chooser.choose([still, moving], 33.0 * i) is moving)
    assert all(picks[30:])


def _placed(frame: PoseFrame, dx: float, scale: float = 1.0, t_ms: float | None = None
            ) -> PoseFrame:
    """`frame` shifted sideways by `dx` and scaled by `scale` about its centre."""
    center = np.nanmean(frame.image_xy, axis=0)
    xy = (frame.image_xy - center) * scale + center + np.array([dx, 0.0])
    return dataclasses.replace(frame, image_xy=xy,
                               timestamp_ms=frame.timestamp_ms if t_ms is None else t_ms)


def _seen_frames(exercise: str, azimuth: float) -> list[PoseFrame]:
    """The frames of a synthesized 4-rep set in which the person is seen."""
    block = synthesize(exercise, seed=2, reps=4, camera=Camera(azimuth_deg=azimuth)).block
    return [f for f in block if np.isfinite(f.image_xy).any()]


@pytest.mark.parametrize(("exercise", "azimuth"), [("squat", 90.0), ("bicep_curl", 0.0)])
def test_follows_the_exerciser_beside_a_bigger_standing_coach(exercise, azimuth) -> None:
    """A synthesized set beside a copy of its own first (standing) frame, 1.5 times as
    big (nearer the camera), seen first and listed first, with a few thousandths of
    jitter: the exerciser is chosen from their first rep on."""
    frames = _seen_frames(exercise, azimuth)
    rng = np.random.default_rng(0)
    standing = frames[0]
    chooser = PersonChooser()
    picks = []
    for frame in frames:
        coach = _placed(standing, 0.2, 1.5, frame.timestamp_ms)
        coach = dataclasses.replace(
            coach, image_xy=coach.image_xy + rng.normal(0.0, 0.004, coach.image_xy.shape))
        exerciser = _placed(frame, -0.2)
        picks.append(chooser.choose([coach, exerciser], frame.timestamp_ms) is exerciser)
    first_rep = 60  # frames: 1 s at rest, then the first rep's first second
    assert all(picks[first_rep:])


def test_someone_walking_through_does_not_take_over() -> None:
    frames = _seen_frames("squat", 90.0)
    walker = frames[0]  # standing
    chooser = PersonChooser()
    during = []
    for frame in frames:
        t = frame.timestamp_ms / 1000.0
        people = [frame]
        if 5.0 <= t < 8.0:  # crosses the picture in 3 s, at the exerciser's size
            people.insert(0, _placed(walker, -0.6 + 1.2 * (t - 5.0) / 3.0, 1.0,
                                     frame.timestamp_ms))
        chosen = chooser.choose(people, frame.timestamp_ms)
        if len(people) == 2:
            during.append(chosen is frame)
    assert len(during) > 60 and all(during)


def test_forgets_people_after_memory() -> None:
    chooser = PersonChooser(memory_ms=500.0)
    small = person(0.4, 0.4, 0.5, 0.6)
    assert chooser.choose([small], 0.0) is small
    big = person(0.1, 0.1, 0.9, 0.9)
    assert chooser.choose([big], 2000.0) is big


def test_one_person_found_twice_counts_once() -> None:
    """The two-pose landmarker's repeats of one person (boxes from our clips) are
    dropped; a coach beside a patient is kept."""
    first, repeat = person(0.33, 0.04, 0.69, 0.60), person(0.32, -0.32, 0.69, 0.60)
    assert distinct_people([first, repeat]) == [first]
    # A second skeleton on part of the body (a pull-up's legs: x 0.51-0.58, y 0.54-0.87).
    whole, legs = person(0.48, 0.34, 0.59, 1.15), person(0.51, 0.54, 0.58, 0.87)
    assert distinct_people([whole, legs]) == [whole]
    lying, standing = patient(), coach()
    assert distinct_people([lying, standing]) == [lying, standing]
