"""Synthesize a labelled landmark track of one exercise set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track, save_track
from formcheck.synth.body import BodyParams
from formcheck.synth.camera import Camera, PlacedCamera
from formcheck.synth.exercises import get_exercise
from formcheck.synth.exercises.base import Jitter, ScriptParams, SideOrder
from formcheck.synth.faults import FaultEvent, FaultPlan, FaultSpec
from formcheck.synth.keyframes import Rep
from formcheck.synth.kinematics import forward_kinematics, settle, surface_offsets
from formcheck.synth.noise import NoiseConfig, observe
from formcheck.synth.truth import hold_records, near_side, rep_records, reps_per_side
from formcheck.synth.visibility import occlusion, outside_image

TRUTH_VERSION = 1


@dataclass(frozen=True, eq=False)
class SynthResult:
    """A synthesized set with its ground truth.

    Attributes:
        track: the detector-like frames (noisy, with drop-outs) as a `Track`;
            `track.meta["truth"]` holds the ground truth.
        truth: the ground truth (JSON-serializable, same object as in the track's meta).
        body: the body's dimensions.
        camera: the placed camera.
        reps: timing of each rep.
        faults: each injected fault occurrence.
        t_ms: shape (T,), frame times.
        poses: shape (T, NUM_CHANNELS), the pose channels including faults.
        positions: shape (T, 33, 3), exact lab positions including faults (metres).
        clean_positions: shape (T, 33, 3), exact lab positions without the
            pose-offset faults (metres); scripted faults are in both.
    """

    track: Track
    truth: dict[str, Any]
    body: BodyParams
    camera: PlacedCamera
    reps: tuple[Rep, ...]
    faults: tuple[FaultEvent, ...]
    t_ms: np.ndarray
    poses: np.ndarray
    positions: np.ndarray
    clean_positions: np.ndarray

    @property
    def block(self) -> PoseBlock:
        """The detector-like frames (the track's poses)."""
        return self.track.poses

    @property
    def frames(self) -> list[PoseFrame]:
        """The detector-like frames one by one."""
        return list(self.track.poses)


def synthesize(
    exercise: str,
    *,
    seed: int,
    camera: Camera | None = None,
    faults: Sequence[FaultSpec] = (),
    reps: int | None = None,
    hold_s: float | None = None,
    tempo: float = 1.0,
    side_order: SideOrder = "alternate",
    fps: float = 30.0,
    body: BodyParams | None = None,
    noise: NoiseConfig | None = None,
) -> SynthResult:
    """Synthesize one set of `exercise` as a detector would see it.

    Args:
        exercise: exercise name (see `formcheck.synth.EXERCISES`).
        seed: makes the result reproducible (body, rep variation, noise).
        camera: where the camera is; None uses the exercise's usual view with
            automatic framing.
        faults: faults to inject.
        reps: reps per side (holds for hold-only exercises); None uses the
            exercise's default.
        hold_s: seconds held at each rep's target pose; None uses the default.
        tempo: speed factor of every movement (2 = twice as fast).
        side_order: order of the working sides ("alternate", "left_first",
            "right_first", or "both" where the exercise allows it).
        fps: frame rate, frames per second.
        body: the body; None samples one from `seed`.
        noise: detector imperfections; None uses the defaults, `NoiseConfig.none()`
            gives exact landmarks.
    """
    spec = get_exercise(exercise)
    if not 1.0 <= fps <= 240.0:
        raise ValueError(f"fps must be 1..240 frames per second, got {fps}")
    body_rng, script_rng, noise_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3)
    )
    body = body if body is not None else BodyParams.sample(body_rng)
    camera = camera if camera is not None else Camera(azimuth_deg=spec.view_azimuth_deg)
    noise = noise if noise is not None else NoiseConfig()
    params = ScriptParams(
        reps=spec.default_reps if reps is None else reps,
        tempo=tempo,
        hold_s=spec.default_hold_s if hold_s is None else hold_s,
        side_order=side_order,
    )
    plan = FaultPlan(spec.name, spec.faults, faults)
    script = spec.build(body, params, plan, Jitter(script_rng, params.variation))

    n_frames = int(np.floor(script.motion.duration_ms * fps / 1000.0)) + 1
    t_ms = np.arange(n_frames) * (1000.0 / fps)
    clean_poses = script.motion.sample(t_ms)
    poses, events = plan.apply(clean_poses, t_ms, script.motion, script.reps, body)

    # Each body rests on its own lowest support, but the faulted body keeps the
    # clean body's horizontal anchor, so a fault that moves the anchor shows.
    skin = surface_offsets(body)
    clean = forward_kinematics(body, clean_poses)
    clean_shift = settle(clean, skin, script.support, script.anchor, support_z=script.support_z)
    clean += clean_shift[:, None, :]
    positions = forward_kinematics(body, poses)
    shift = settle(positions, skin, script.support, script.anchor, support_z=script.support_z)
    shift[:, :2] = clean_shift[:, :2]
    positions += shift[:, None, :]

    placed = camera.place(positions)
    image_xy, image_z, world = placed.landmarks(positions)
    _, depth = placed.project_points(positions)
    seen = observe(
        noise_rng,
        image_xy,
        image_z,
        world,
        occlusion(positions, body, placed),
        outside_image(image_xy, depth),
        camera.image_size,
        fps,
        noise,
    )
    image_size = (int(camera.image_size[0]), int(camera.image_size[1]))
    block = PoseBlock(
        frame_index=np.arange(n_frames),
        timestamp_ms=t_ms,
        image_xy=seen.image_xy,
        image_z=seen.image_z,
        visibility=seen.visibility,
        presence=seen.presence,
        world_xyz=seen.world_xyz,
        image_size=image_size,
    )
    truth = {
        "version": TRUTH_VERSION,
        "exercise": spec.name,
        "posture": spec.posture,
        "one_sided": spec.one_sided,
        "seed": int(seed),
        "fps": float(fps),
        "n_frames": n_frames,
        "duration_ms": round(float(t_ms[-1]), 3),
        "view": {
            "azimuth_deg": float(camera.azimuth_deg),
            "near_side": near_side(positions[0], placed.position),
            "camera": placed.to_dict(),
        },
        "body": body.to_dict(),
        "params": {
            "reps": params.reps,
            "hold_s": params.hold_s,
            "tempo": params.tempo,
            "side_order": params.side_order,
        },
        "reps_per_side": reps_per_side(script.reps),
        "reps": rep_records(script.reps, t_ms),
        "holds": hold_records(script.reps, t_ms) if params.hold_s > 0 else [],
        "faults": [e.to_dict() for e in events],
    }
    meta = {"source": "synthetic", "exercise": spec.name, "fps": float(fps), "truth": truth}
    return SynthResult(
        track=Track(block, meta),
        truth=truth,
        body=body,
        camera=placed,
        reps=script.reps,
        faults=tuple(events),
        t_ms=t_ms,
        poses=poses,
        positions=positions,
        clean_positions=clean,
    )


def write_track(result: SynthResult, path: Path) -> Path:
    """Write a synthesized set as a landmark-track file (name ending ``.track.npz``).

    Returns:
        The path written.
    """
    path = Path(path)
    save_track(result.track, path)
    return path
