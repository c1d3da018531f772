"""The synthetic detector's world-landmark jitter: its correlation time and depth gain."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.synth import NoiseConfig
from formcheck.synth.noise import observe

FRAMES, FPS = 6000, 30.0


def _world_jitter(config: NoiseConfig, hidden: float = 0.0) -> np.ndarray:
    """World jitter of a still body, shape (FRAMES, 33, 3), metres; `hidden`: occlusion 0..1."""
    zeros = np.zeros((FRAMES, 33))
    seen = observe(
        np.random.default_rng(0),
        np.full((FRAMES, 33, 2), 0.5),
        zeros,
        np.zeros((FRAMES, 33, 3)),
        zeros + hidden,
        zeros.astype(bool),
        (1280, 720),
        FPS,
        config,
    )
    return seen.world_xyz


def _lag1(x: np.ndarray) -> float:
    return float(np.corrcoef(x[:-1].ravel(), x[1:].ravel())[0, 1])


def test_default_world_jitter_follows_the_image_correlation_and_is_isotropic() -> None:
    world = _world_jitter(NoiseConfig(frame_dropout=0.0, landmark_dropout=0.0))
    assert _lag1(world[..., 0]) == pytest.approx(0.6, abs=0.02)
    sd = world.std(axis=(0, 1))
    assert sd == pytest.approx([0.008] * 3, rel=0.05)


def test_measured_world_jitter_lasts_longer_and_is_larger_in_depth() -> None:
    config = NoiseConfig(
        frame_dropout=0.0, landmark_dropout=0.0, world_correlation_s=0.25, world_depth_gain=1.4
    )
    world = _world_jitter(config)
    assert _lag1(world[..., 1]) == pytest.approx(np.exp(-1.0 / (FPS * 0.25)), abs=0.02)
    sd = world.std(axis=(0, 1))
    assert sd[0] == pytest.approx(0.008, rel=0.1)
    assert sd[2] / sd[0] == pytest.approx(1.4, rel=0.1)


def test_hidden_landmarks_world_jitter_has_its_own_gain() -> None:
    quiet = {"frame_dropout": 0.0, "landmark_dropout": 0.0}
    seen = _world_jitter(NoiseConfig(**quiet)).std()
    # By default the image jitter's occluded gain (3) applies to the world too.
    assert _world_jitter(NoiseConfig(**quiet), hidden=1.0).std() / seen == pytest.approx(
        3.0, rel=0.05
    )
    own = NoiseConfig(world_occluded_gain=1.2, **quiet)
    assert _world_jitter(own, hidden=1.0).std() / seen == pytest.approx(1.2, rel=0.05)


@pytest.mark.parametrize(
    ("field", "value"),
    [("world_correlation_s", 0.0), ("world_depth_gain", -1.0), ("world_occluded_gain", 0.0)],
)
def test_bad_world_noise_settings_are_named(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field):
        NoiseConfig(**{field: value})
