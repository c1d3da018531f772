"""What the user is told when the exercise cannot be measured, and when they are ready."""

from __future__ import annotations

import math

from live_factory import update

from formcheck.live.guidance import baseline_labels, body_parts, instruction, is_ready
from formcheck.pose.landmarks import Landmark as L
from formcheck.pose.landmarks import landmark_words
from formcheck.spec import find_exercise, load_exercise

SQUAT = load_exercise(find_exercise("squat"))
LATERAL = load_exercise(find_exercise("lateral_raise"))
JUMPING_JACK = load_exercise(find_exercise("jumping_jack"))  # front or three-quarter only


def test_instructions_from_reasons_and_views():
    assert instruction(SQUAT, update()) is None
    assert instruction(SQUAT, update(guidance="nobody in view")) == "Step into view of the camera"
    feet = update(guidance="left ankle out of frame; right ankle out of frame")
    assert instruction(SQUAT, feet) == "Step back: your ankles are out of the picture"
    head = update(guidance="left shoulder out of frame")
    assert instruction(SQUAT, head) == "Step back: your left shoulder is out of the picture"
    # a person found but partly hidden (behind the plates) is told what is hidden
    plates = update(guidance="left hip hidden; left knee hidden; right knee hidden")
    assert instruction(SQUAT, plates) == (
        "The camera cannot see your left hip and knees: move what is in the way")
    # a front-view exercise seen from the side
    assert instruction(JUMPING_JACK, update(view="side")) == "Face the camera"


def test_landmarks_in_plain_words():
    assert [landmark_words(p) for p in (L.LEFT_FOOT_INDEX, L.RIGHT_PINKY, L.MOUTH_LEFT,
                                        L.LEFT_EYE_INNER, L.NOSE, L.RIGHT_KNEE)] == [
        "left toes", "right hand", "mouth", "left eye", "nose", "right knee"]


def test_body_parts_say_both_sides_once():
    assert body_parts(["left toes", "right toes"]) == "toes"
    assert body_parts(["left wrist", "right wrist", "nose"]) == "wrists and nose"
    assert body_parts(["right hand"]) == "right hand"


def test_plural_body_parts_take_are():
    toes = update(guidance="left toes out of frame")
    assert instruction(SQUAT, toes) == "Step back: your left toes are out of the picture"


def test_ready_needs_rest_phase_and_known_baselines():
    labels = baseline_labels(LATERAL)
    assert labels  # the lateral raise measures shrugging against the person's own baseline
    known = {label: 0.0 for label in labels}
    assert is_ready(LATERAL, update(values=known), labels)
    assert not is_ready(LATERAL, update(values={**known, labels[0]: math.nan}), labels)
    assert not is_ready(LATERAL, update(values=known, phase="rep"), labels)
    assert not is_ready(LATERAL, update(values=known, guidance="nobody in view"), labels)
