"""Factories of `PoseFrame`s for core tests, with known joint angles.

`side_squat_frame(thigh_deg)` is a person seen exactly side-on (yaw 90 degrees):
hips at the world origin, shoulders 0.5 m above, thighs 0.45 m long tilted
`thigh_deg` from vertical toward the camera's x axis, shins 0.45 m vertical.
Left and right landmarks sit 0.1 m apart along z (depth), so from the side they
overlap in the picture. Image coordinates are the world x/y scaled by 0.4 and
shifted to the frame centre. Every landmark has the given visibility and presence.

`frame_from_world(world)` is any hand-placed body: world landmarks as given
(metres, y down), image coordinates made from them the same way, and a NaN row
a missing landmark (visibility and presence 0). `world_points({landmark: xyz})`
builds such an array with every landmark not named at the origin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark

L = Landmark


def _place(world: np.ndarray, pair: tuple[Landmark, Landmark], xyz: tuple[float, float, float],
           half_width: float) -> None:
    x, y, z = xyz
    world[pair[0]] = (x, y, z - half_width)
    world[pair[1]] = (x, y, z + half_width)


def side_squat_frame(
    thigh_deg: float,
    t_ms: float,
    index: int = 0,
    visibility: float = 1.0,
    present: bool = True,
    yaw_deg: float = 90.0,
) -> PoseFrame:
    """One frame of a side-view squat with the thighs `thigh_deg` from vertical.

    Args:
        thigh_deg: thigh angle from vertical, degrees (0 standing, 90 parallel).
        t_ms: timestamp, ms.
        index: frame index.
        visibility: visibility and presence of every landmark, 0..1.
        present: False gives a frame with nobody in view.
        yaw_deg: body yaw against the camera (90 = side-on, 0 = facing it).
    """
    if not present:
        return PoseFrame.empty(index, t_ms, (640, 480))
    world = np.zeros((NUM_LANDMARKS, 3))
    a = math.radians(thigh_deg)
    knee = (0.45 * math.sin(a), 0.45 * math.cos(a), 0.0)
    ankle = (knee[0], knee[1] + 0.45, 0.0)
    _place(world, (L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (0.0, -0.5, 0.0), 0.1)
    _place(world, (L.LEFT_HIP, L.RIGHT_HIP), (0.0, 0.0, 0.0), 0.1)
    _place(world, (L.LEFT_KNEE, L.RIGHT_KNEE), knee, 0.1)
    _place(world, (L.LEFT_ANKLE, L.RIGHT_ANKLE), ankle, 0.1)
    _place(world, (L.LEFT_HEEL, L.RIGHT_HEEL), (ankle[0] - 0.05, ankle[1] + 0.05, 0.0), 0.1)
    _place(world, (L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX),
           (ankle[0] + 0.15, ankle[1] + 0.05, 0.0), 0.1)
    _place(world, (L.LEFT_ELBOW, L.RIGHT_ELBOW), (0.1, -0.25, 0.0), 0.15)
    _place(world, (L.LEFT_WRIST, L.RIGHT_WRIST), (0.3, -0.3, 0.0), 0.15)
    _place(world, (L.LEFT_EAR, L.RIGHT_EAR), (0.0, -0.7, 0.0), 0.07)
    world[L.NOSE] = (0.1, -0.72, 0.0)
    # Turn the body about the vertical axis: yaw 90 puts the left-right axis along z.
    turn = math.radians(90.0 - yaw_deg)
    rot = np.array([[math.cos(turn), 0, math.sin(turn)], [0, 1, 0],
                    [-math.sin(turn), 0, math.cos(turn)]])
    return frame_from_world(world @ rot.T, t_ms, index, visibility)


def world_points(points: Mapping[Landmark, tuple[float, float, float]]) -> np.ndarray:
    """Shape (33, 3): the given landmarks at their world xyz (metres), the rest at the origin."""
    world = np.zeros((NUM_LANDMARKS, 3))
    for landmark, xyz in points.items():
        world[landmark] = xyz
    return world


def frame_from_world(
    world: np.ndarray,
    t_ms: float = 0.0,
    index: int = 0,
    visibility: float | np.ndarray = 1.0,
    image_size: tuple[int, int] | None = (640, 480),
) -> PoseFrame:
    """A frame with world landmarks `world` (shape (33, 3), metres, y down).

    Image coordinates are the world x/y scaled by 0.4 and shifted by 0.5 (the frame
    centre), depth is world z scaled by 0.4. Rows of NaN are missing landmarks:
    NaN in the picture too, with visibility and presence 0.

    Args:
        world: landmark positions; NaN rows for landmarks not seen.
        t_ms: timestamp, ms.
        index: frame index.
        visibility: visibility and presence of every landmark (0..1), or one per landmark.
        image_size: (width, height) in pixels, or None when unknown.
    """
    world = np.asarray(world, dtype=np.float64)
    seen = np.isfinite(world).all(axis=1)
    visibility = np.where(seen, np.broadcast_to(visibility, (NUM_LANDMARKS,)), 0.0)
    return PoseFrame(
        frame_index=index,
        timestamp_ms=t_ms,
        image_xy=world[:, :2] * 0.4 + 0.5,
        image_z=world[:, 2] * 0.4,
        visibility=visibility,
        presence=visibility,
        world_xyz=world,
        image_size=image_size,
    )


def squat_set(
    reps: int,
    fps: float = 30.0,
    rep_s: float = 2.0,
    rest_s: float = 1.0,
    depth_deg: float = 85.0,
    **frame_kwargs: float,
) -> list[PoseFrame]:
    """`reps` smooth squats (thigh 5 -> depth -> 5 degrees), with `rest_s` standing around each."""
    frames: list[PoseFrame] = []
    t = 0.0
    dt = 1000.0 / fps

    def add(angle: float) -> None:
        nonlocal t
        frames.append(side_squat_frame(angle, t, len(frames), **frame_kwargs))
        t += dt

    for _ in range(int(rest_s * fps)):
        add(5.0)
    for _ in range(reps):
        n = int(rep_s * fps)
        for k in range(n):
            add(5.0 + (depth_deg - 5.0) * math.sin(math.pi * k / n) ** 2)
        for _ in range(int(rest_s * fps)):
            add(5.0)
    return frames
