"""Forward kinematics: pose channels to the 33 BlazePose landmarks in the lab frame.

Lab frame: metres, x forward (where a standing body faces at heading 0), y to
the left, z up, floor at z = 0. The root (the midpoint between the hip
landmarks) sits at the ROOT_X/Y/Z channels; `settle` then places the body on
the floor. See `formcheck.synth.channels` for the joint sign conventions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Axial, BodySide, Limb, Pose, limb_channel
from formcheck.synth.rotation import apply, chain, rot_x, rot_y, rot_z

L = Landmark

# Face points relative to the head centre, in units of BodyParams.head_size,
# head frame (x forward, y left, z up).
_FACE: dict[Landmark, tuple[float, float, float]] = {
    L.NOSE: (0.55, 0.0, -0.12),
    L.LEFT_EYE_INNER: (0.47, 0.10, 0.08),
    L.LEFT_EYE: (0.45, 0.18, 0.08),
    L.LEFT_EYE_OUTER: (0.41, 0.26, 0.08),
    L.RIGHT_EYE_INNER: (0.47, -0.10, 0.08),
    L.RIGHT_EYE: (0.45, -0.18, 0.08),
    L.RIGHT_EYE_OUTER: (0.41, -0.26, 0.08),
    L.LEFT_EAR: (-0.05, 0.43, 0.0),
    L.RIGHT_EAR: (-0.05, -0.43, 0.0),
    L.MOUTH_LEFT: (0.48, 0.13, -0.35),
    L.MOUTH_RIGHT: (0.48, -0.13, -0.35),
}
_HEAD_CENTRE_ABOVE_PIVOT = 0.3  # units of head_size

# Hand points relative to the wrist for the left hand, in units of BodyParams.hand,
# hand frame (fingers along -z, palm facing +x); mirrored in y for the right hand.
_HAND: dict[str, tuple[float, float, float]] = {
    "pinky": (0.0, -0.30, -0.85),
    "index": (0.0, 0.25, -1.0),
    "thumb": (0.15, 0.45, -0.55),
}

# Distance from each landmark to the body surface that touches the floor, in
# metres for a 1.75 m body (scaled with height).
_SURFACE_OFFSET: dict[Landmark, float] = {
    L.NOSE: 0.0,
    L.LEFT_EAR: 0.09,
    L.RIGHT_EAR: 0.09,
    L.LEFT_SHOULDER: 0.07,
    L.RIGHT_SHOULDER: 0.07,
    L.LEFT_ELBOW: 0.035,
    L.RIGHT_ELBOW: 0.035,
    L.LEFT_WRIST: 0.025,
    L.RIGHT_WRIST: 0.025,
    L.LEFT_HIP: 0.09,
    L.RIGHT_HIP: 0.09,
    L.LEFT_KNEE: 0.045,
    L.RIGHT_KNEE: 0.045,
    L.LEFT_ANKLE: 0.045,
    L.RIGHT_ANKLE: 0.045,
}


def _side_landmarks(side: BodySide) -> dict[str, Landmark]:
    prefix = side.name
    names = ("SHOULDER", "ELBOW", "WRIST", "PINKY", "INDEX", "THUMB", "HIP", "KNEE", "ANKLE")
    out = {n.lower(): Landmark[f"{prefix}_{n}"] for n in names}
    out["heel"] = Landmark[f"{prefix}_HEEL"]
    out["foot_index"] = Landmark[f"{prefix}_FOOT_INDEX"]
    return out


def surface_offsets(body: BodyParams) -> np.ndarray:
    """Shape (33,): metres from each landmark to the skin that would touch the floor."""
    out = np.zeros(NUM_LANDMARKS)
    for landmark, offset in _SURFACE_OFFSET.items():
        out[landmark] = offset * body.height / 1.75
    return out


def forward_kinematics(body: BodyParams, q: np.ndarray) -> np.ndarray:
    """Landmark positions for a sequence of poses.

    Args:
        body: segment lengths.
        q: shape (T, NUM_CHANNELS) pose vectors (degrees and metres).

    Returns:
        Shape (T, 33, 3): landmark positions in the lab frame (metres), the root
        placed at the ROOT channels.
    """
    q = np.asarray(q, dtype=np.float64)
    out = np.empty((q.shape[0], NUM_LANDMARKS, 3))

    def ax(channel: Axial) -> np.ndarray:
        return q[:, channel]

    def lb(limb: Limb, side: BodySide) -> np.ndarray:
        return q[:, limb_channel(limb, side)]

    root = q[:, [Axial.ROOT_X, Axial.ROOT_Y, Axial.ROOT_Z]]
    pelvis = chain(
        rot_z(ax(Axial.PELVIS_HEADING)),
        rot_y(ax(Axial.PELVIS_PITCH)),
        rot_x(ax(Axial.PELVIS_OBLIQUITY)),
        rot_z(ax(Axial.PELVIS_ROTATION)),
    )
    trunk = chain(
        pelvis,
        rot_y(ax(Axial.SPINE_FLEXION)),
        rot_x(-ax(Axial.SPINE_LATERAL_BEND)),
        rot_z(ax(Axial.SPINE_ROTATION)),
    )
    neck_base = root + apply(trunk, np.array([0.0, 0.0, body.trunk_length]))
    neck = chain(trunk, rot_y(ax(Axial.NECK_FLEXION)), rot_z(ax(Axial.NECK_ROTATION)))
    head = chain(neck, rot_y(ax(Axial.HEAD_FLEXION)))
    head_centre = (
        neck_base
        + apply(neck, np.array([0.0, 0.0, body.neck_length]))
        + apply(head, np.array([0.0, 0.0, _HEAD_CENTRE_ABOVE_PIVOT * body.head_size]))
    )
    for landmark, offset in _FACE.items():
        out[:, landmark] = head_centre + apply(head, body.head_size * np.array(offset))

    for side in BOTH_SIDES:
        s = side.sign
        lm = _side_landmarks(side)

        # Arm.
        elevation = lb(Limb.SCAPULA_ELEVATION, side)[:, None]
        protraction = lb(Limb.SCAPULA_PROTRACTION, side)[:, None]
        shoulder = neck_base + apply(trunk, np.array([0.0, s * body.shoulder_width / 2, 0.0]))
        shoulder = shoulder + elevation * trunk[:, :, 2] + protraction * trunk[:, :, 0]
        upper_arm = chain(
            trunk,
            rot_y(-lb(Limb.SHOULDER_FLEXION, side)),
            rot_x(s * lb(Limb.SHOULDER_ABDUCTION, side)),
            rot_z(s * lb(Limb.SHOULDER_ROTATION, side)),
        )
        elbow = shoulder - body.upper_arm * upper_arm[:, :, 2]
        forearm = chain(upper_arm, rot_y(-lb(Limb.ELBOW_FLEXION, side)))
        wrist = elbow - body.forearm * forearm[:, :, 2]
        hand = chain(forearm, rot_y(-lb(Limb.WRIST_FLEXION, side)))
        out[:, lm["shoulder"]] = shoulder
        out[:, lm["elbow"]] = elbow
        out[:, lm["wrist"]] = wrist
        for name, (x, y, z) in _HAND.items():
            offset = body.hand * np.array([x, s * y, z])
            out[:, lm[name]] = wrist + apply(hand, offset)

        # Leg.
        hip = root + apply(pelvis, np.array([0.0, s * body.hip_width / 2, 0.0]))
        thigh = chain(
            pelvis,
            rot_y(-lb(Limb.HIP_FLEXION, side)),
            rot_x(s * lb(Limb.HIP_ABDUCTION, side)),
            rot_z(s * lb(Limb.HIP_ROTATION, side)),
        )
        knee = hip - body.thigh * thigh[:, :, 2]
        shank = chain(thigh, rot_y(lb(Limb.KNEE_FLEXION, side)))
        ankle = knee - body.shank * shank[:, :, 2]
        foot = chain(shank, rot_y(-lb(Limb.ANKLE_DORSIFLEXION, side)))
        out[:, lm["hip"]] = hip
        out[:, lm["knee"]] = knee
        out[:, lm["ankle"]] = ankle
        out[:, lm["heel"]] = ankle + apply(
            foot, np.array([-body.heel_back, 0.0, -body.ankle_height])
        )
        out[:, lm["foot_index"]] = ankle + apply(
            foot, np.array([body.toe_forward, 0.0, -body.ankle_height])
        )
    return out


def pose_landmarks(body: BodyParams, pose: Pose) -> np.ndarray:
    """Landmarks of a single pose, shape (33, 3), lab frame (metres)."""
    return forward_kinematics(body, pose.values[None])[0]


def settle(
    positions: np.ndarray,
    offsets: np.ndarray,
    support: Sequence[Landmark],
    anchor: Sequence[Landmark],
    anchor_xy: tuple[float, float] = (0.0, 0.0),
    support_z: float = 0.0,
) -> np.ndarray:
    """Per-frame translation that puts a body on the floor at a fixed place.

    Args:
        positions: shape (T, 33, 3), lab frame (metres).
        offsets: shape (33,), landmark-to-skin distances (see `surface_offsets`).
        support: landmarks that may touch the floor; the lowest one touches it.
        anchor: landmarks whose mean horizontal position is held at `anchor_xy`.
        anchor_xy: lab x, y of the anchor (metres).
        support_z: height of what the lowest support rests on (metres): 0 for the
            floor, a bar's height for a body hanging from its hands.

    Returns:
        Shape (T, 3): translation to add to every landmark of each frame.
    """
    idx = np.asarray([int(s) for s in support])
    lowest = np.min(positions[:, idx, 2] - offsets[idx], axis=1)
    centre = positions[:, np.asarray([int(a) for a in anchor]), :2].mean(axis=1)
    shift = np.empty((positions.shape[0], 3))
    shift[:, :2] = np.asarray(anchor_xy) - centre
    shift[:, 2] = support_z - lowest
    return shift
