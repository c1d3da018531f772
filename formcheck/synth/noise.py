"""Detector-like imperfections: jitter, visibility scores, drop-outs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_VISIBLE_LOGIT = 5.0  # ~0.993
_HIDDEN_LOGIT = -1.0  # ~0.27
_OUTSIDE_LOGIT = -3.0  # ~0.05


@dataclass(frozen=True)
class NoiseConfig:
    """How imperfect the synthetic detector is.

    Attributes:
        pixel_sigma: standard deviation of the image jitter of a clearly visible
            landmark, pixels.
        depth_sigma: standard deviation of the image_z jitter (normalized x units).
        world_sigma_m: standard deviation of the world-landmark jitter, metres.
        correlation: frame-to-frame correlation of the jitter at 30 fps (0..1);
            converted to the actual frame rate.
        world_correlation_s: correlation time of the world-landmark jitter, s (its
            autocorrelation falls to 1/e after this long); None = the same
            frame-to-frame `correlation` as the image jitter. MediaPipe's world
            landmarks on a still body decorrelate in about 0.2-0.3 s.
        world_depth_gain: world jitter multiplier along the camera's depth axis
            (world z); MediaPipe's depth jitter on a still body is about 1.4 times
            its jitter across the picture.
        world_occluded_gain: world jitter multiplier for a fully hidden landmark;
            None = `occluded_gain`. On still bodies MediaPipe's hidden landmarks
            jitter in the world frame only about 1.2 times as much as seen ones.
        occluded_gain: jitter multiplier for a fully hidden landmark.
        visibility_jitter: standard deviation of visibility and presence in logit units.
        frame_dropout: probability per frame that a run of missing frames starts.
        landmark_dropout: probability per landmark and frame that a run of
            missing values of that landmark starts.
        max_gap_frames: longest run of missing frames or landmark values.
    """

    pixel_sigma: float = 2.0
    depth_sigma: float = 0.02
    world_sigma_m: float = 0.008
    correlation: float = 0.6
    world_correlation_s: float | None = None
    world_depth_gain: float = 1.0
    world_occluded_gain: float | None = None
    occluded_gain: float = 3.0
    visibility_jitter: float = 0.6
    frame_dropout: float = 0.004
    landmark_dropout: float = 0.001
    max_gap_frames: int = 6

    def __post_init__(self) -> None:
        if not 0.0 <= self.correlation < 1.0:
            raise ValueError(f"correlation must be in [0, 1), got {self.correlation}")
        for name in ("frame_dropout", "landmark_dropout"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a probability 0..1, got {value}")
        if self.world_correlation_s is not None and not self.world_correlation_s > 0:
            raise ValueError(
                f"world_correlation_s must be > 0 s or None, got {self.world_correlation_s}"
            )
        for name in ("world_depth_gain", "world_occluded_gain"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ValueError(f"{name} must be > 0, got {value}")
        if self.max_gap_frames < 1:
            raise ValueError(f"max_gap_frames must be >= 1, got {self.max_gap_frames}")

    @classmethod
    def none(cls) -> NoiseConfig:
        """No jitter, no drop-outs, no visibility jitter: exact landmarks."""
        return cls(pixel_sigma=0.0, depth_sigma=0.0, world_sigma_m=0.0, correlation=0.0,
                   occluded_gain=1.0, visibility_jitter=0.0, frame_dropout=0.0,
                   landmark_dropout=0.0)


@dataclass(frozen=True, eq=False)
class Observation:
    """Landmarks as a detector reports them; NaN where missing.

    Attributes:
        image_xy: shape (T, 33, 2), normalized image coordinates.
        image_z: shape (T, 33), relative depth in normalized x units.
        world_xyz: shape (T, 33, 3), metres.
        visibility: shape (T, 33), 0..1.
        presence: shape (T, 33), 0..1.
    """

    image_xy: np.ndarray
    image_z: np.ndarray
    world_xyz: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray


def correlated_noise(rng: np.random.Generator, shape: tuple[int, ...], rho: float) -> np.ndarray:
    """Unit-variance AR(1) noise along the first axis with coefficient `rho`; `shape`."""
    white = rng.standard_normal(shape)
    if rho == 0.0:
        return white
    out = np.empty(shape)
    out[0] = white[0]
    gain = np.sqrt(1.0 - rho**2)
    for t in range(1, shape[0]):
        out[t] = rho * out[t - 1] + gain * white[t]
    return out


def _gaps(rng: np.random.Generator, shape: tuple[int, ...], p: float, max_len: int) -> np.ndarray:
    """Bool mask, True inside random runs along axis 0 that start with probability `p`."""
    mask = np.zeros(shape, dtype=bool)
    if p <= 0.0:
        return mask
    starts = np.argwhere(rng.random(shape) < p)
    lengths = rng.integers(1, max_len + 1, size=len(starts))
    for (t, *rest), n in zip(starts, lengths, strict=True):
        mask[(slice(t, t + n), *rest)] = True
    return mask


def _occlusion_gain(hidden: np.ndarray, full_gain: float) -> np.ndarray:
    """Jitter multiplier, shape (T, 33, 1): 1 for a seen landmark, `full_gain` fully hidden.

    Args:
        hidden: shape (T, 33), occlusion 0..1.
        full_gain: the multiplier at occlusion 1.
    """
    return (1.0 + (full_gain - 1.0) * hidden)[..., None]


def observe(
    rng: np.random.Generator,
    image_xy: np.ndarray,
    image_z: np.ndarray,
    world_xyz: np.ndarray,
    hidden: np.ndarray,
    outside: np.ndarray,
    image_size: tuple[int, int],
    fps: float,
    config: NoiseConfig,
) -> Observation:
    """Add jitter, visibility/presence scores and drop-outs to exact landmarks.

    Args:
        rng: random source.
        image_xy: shape (T, 33, 2), exact normalized image coordinates.
        image_z: shape (T, 33), exact relative depth.
        world_xyz: shape (T, 33, 3), exact world landmarks (metres).
        hidden: shape (T, 33), occlusion 0..1 (see `visibility.occlusion`).
        outside: shape (T, 33), True where the landmark is outside the image.
        image_size: (width, height) in pixels.
        fps: frame rate, frames per second.
        config: noise settings.
    """
    n_frames, n_landmarks = hidden.shape
    rho = config.correlation ** (30.0 / fps) if config.correlation > 0 else 0.0
    gain = _occlusion_gain(hidden, config.occluded_gain)
    pixels = np.asarray(image_size, dtype=np.float64)
    xy = image_xy + gain * config.pixel_sigma / pixels * correlated_noise(
        rng, (n_frames, n_landmarks, 2), rho
    )
    z = image_z + gain[..., 0] * config.depth_sigma * correlated_noise(
        rng, (n_frames, n_landmarks), rho
    )
    world_rho = rho
    if config.world_correlation_s is not None:
        world_rho = float(np.exp(-1.0 / (fps * config.world_correlation_s)))
    world_jitter = correlated_noise(rng, (n_frames, n_landmarks, 3), world_rho)
    world_jitter[..., 2] *= config.world_depth_gain
    world_gain = gain
    if config.world_occluded_gain is not None:
        world_gain = _occlusion_gain(hidden, config.world_occluded_gain)
    world = world_xyz + world_gain * config.world_sigma_m * world_jitter

    jitter = config.visibility_jitter * correlated_noise(rng, (n_frames, n_landmarks, 2), rho)
    vis_logit = _VISIBLE_LOGIT + (_HIDDEN_LOGIT - _VISIBLE_LOGIT) * hidden + jitter[..., 0]
    vis_logit = np.where(outside, np.minimum(vis_logit, _OUTSIDE_LOGIT), vis_logit)
    pres_logit = np.where(outside, _OUTSIDE_LOGIT, _VISIBLE_LOGIT) + jitter[..., 1]
    visibility = 1.0 / (1.0 + np.exp(-vis_logit))
    presence = 1.0 / (1.0 + np.exp(-pres_logit))

    missing = _gaps(rng, (n_frames, n_landmarks), config.landmark_dropout, config.max_gap_frames)
    missing |= _gaps(rng, (n_frames,), config.frame_dropout, config.max_gap_frames)[:, None]
    xy[missing] = np.nan
    z[missing] = np.nan
    world[missing] = np.nan
    visibility[missing] = 0.0
    presence[missing] = 0.0
    return Observation(xy, z, world, visibility, presence)
