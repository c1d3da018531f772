"""Depth recovered from the lengths a segment has shown (analysis.picture_depth)."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.analysis.picture_depth import (
    FADE_PER_S,
    LongestSeen,
    depth_extent,
    torso_at_least,
)
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark


def test_longest_seen_keeps_the_longest_across_blocks_and_fades_with_time() -> None:
    longest = LongestSeen()
    first = longest.update("thigh", np.array([0.0, 100.0]), np.array([0.4, np.nan]))
    assert first.tolist() == [0.4, pytest.approx(0.4 * (1 - FADE_PER_S) ** 0.1)]
    later = longest.update("thigh", np.array([10_100.0]), np.array([0.2]))
    assert later[0] == pytest.approx(0.4 * (1 - FADE_PER_S) ** 10.1)
    assert np.isnan(longest.update("shin", np.array([1.0]), np.array([np.nan]))[0])  # never seen


def test_a_segment_shown_at_half_its_length_reaches_back_by_cos_30() -> None:
    """Seen at 0.5 of its length, a segment is turned 60 degrees out of the picture."""
    extent = depth_extent(np.array([0.4, 0.4]), np.array([0.2, 0.5]))
    assert extent[0] == pytest.approx(0.4 * np.cos(np.radians(30)))
    assert extent[1] == 0.0  # longer than the longest: no depth, not NaN


def test_torso_at_least_uses_the_shoulders_when_the_torso_points_at_the_camera() -> None:
    coords = np.full((1, NUM_LANDMARKS, 2), np.nan)
    coords[0, Landmark.LEFT_SHOULDER] = (0.40, 0.30)
    coords[0, Landmark.RIGHT_SHOULDER] = (0.60, 0.30)  # 0.2 apart
    seen_torso = np.array([0.05])  # foreshortened to almost nothing
    bound = torso_at_least(coords, seen_torso)[0]
    assert 0.2 / 0.9 < bound < 0.2 / 0.8  # shoulders are 0.68-0.87 of a torso
    assert torso_at_least(coords, np.array([0.5]))[0] == 0.5  # the torso itself is longer
