"""Landmarks of frames the model did not see, between the analysed frames around them."""

from __future__ import annotations

import numpy as np
import pytest
from pose_factory import side_squat_frame

from formcheck.pose.between import between


def test_landmarks_lie_on_the_line_between_the_analysed_frames_at_the_frame_time() -> None:
    before, after = side_squat_frame(10.0, 0.0, 0), side_squat_frame(40.0, 100.0, 3)
    middle = between(before, after, 1, 25.0)
    assert (middle.frame_index, middle.timestamp_ms) == (1, 25.0)
    for name in ("image_xy", "image_z", "visibility", "presence", "world_xyz"):
        expected = 0.75 * getattr(before, name) + 0.25 * getattr(after, name)
        np.testing.assert_allclose(getattr(middle, name), expected)
    assert middle.image_size == before.image_size


@pytest.mark.parametrize("lost", ["before", "after"])
def test_with_nobody_found_at_either_end_the_earlier_frame_is_kept(lost: str) -> None:
    seen = side_squat_frame(10.0, 0.0, 0)
    nobody = side_squat_frame(10.0, 0.0, 0, present=False)
    before, after = (nobody, seen) if lost == "before" else (seen, nobody)
    middle = between(before, after, 1, 50.0)
    np.testing.assert_array_equal(middle.image_xy, before.image_xy)
    assert middle.has_person == before.has_person
