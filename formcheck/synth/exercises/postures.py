"""Start postures and the landmarks they rest on.

Every posture keeps the pelvis heading at 0: standing bodies face lab +x,
bodies lying face down or on all fours have their head toward +x, bodies lying
on the back have their head toward -x. The body's left is always lab +y.
"""

from __future__ import annotations

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.reach import bisect, clearance

L = Landmark

FEET: tuple[Landmark, ...] = (L.LEFT_HEEL, L.RIGHT_HEEL, L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX)
HIPS: tuple[Landmark, ...] = (L.LEFT_HIP, L.RIGHT_HIP)
KNEES: tuple[Landmark, ...] = (L.LEFT_KNEE, L.RIGHT_KNEE)
WRISTS: tuple[Landmark, ...] = (L.LEFT_WRIST, L.RIGHT_WRIST)
ELBOWS: tuple[Landmark, ...] = (L.LEFT_ELBOW, L.RIGHT_ELBOW)
ANKLES: tuple[Landmark, ...] = (L.LEFT_ANKLE, L.RIGHT_ANKLE)
SHOULDERS: tuple[Landmark, ...] = (L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
EARS: tuple[Landmark, ...] = (L.LEFT_EAR, L.RIGHT_EAR)

# A body lying on the floor may rest on any point (hands and face included).
LYING_SUPPORT: tuple[Landmark, ...] = tuple(Landmark)


def foot_flat_ankle(pitch: float, hip_flexion: float, knee_flexion: float) -> float:
    """Ankle dorsiflexion (degrees) that keeps the sole level with the floor."""
    return knee_flexion - hip_flexion + pitch


def standing(body: BodyParams) -> Pose:
    """Upright, arms relaxed at the sides, feet under the hip landmarks."""
    del body
    return Pose.zero().with_limbs(BOTH_SIDES, shoulder_abduction=6, elbow_flexion=8)


def quadruped(body: BodyParams) -> Pose:
    """On hands and knees: thighs and arms vertical, hands and knees on the floor.

    The trunk's pitch is solved so the hands reach the floor; it slopes up
    toward the shoulders when the arms are longer than the thighs.
    """

    def pose(pitch: float) -> Pose:
        return (
            Pose.zero()
            .with_axial(pelvis_pitch=pitch)
            .with_limbs(
                BOTH_SIDES,
                hip_flexion=pitch,
                knee_flexion=90,
                ankle_dorsiflexion=-75,
                shoulder_flexion=pitch,
                wrist_flexion=80,
            )
        )

    def gap(pitch: float) -> float:
        candidate = pose(pitch)
        return clearance(body, candidate, WRISTS) - clearance(body, candidate, KNEES)

    return pose(bisect(gap, 40.0, 120.0))


def supine(body: BodyParams, knees_bent: bool) -> Pose:
    """Lying on the back, arms by the sides; knees bent with feet flat, or legs straight."""
    base = (
        Pose.zero()
        .with_axial(pelvis_pitch=-90, head_flexion=5)
        .with_limbs(BOTH_SIDES, shoulder_abduction=12, elbow_flexion=5)
    )
    if not knees_bent:
        return base.with_limbs(BOTH_SIDES, ankle_dorsiflexion=-25, hip_rotation=10)
    hip = 50.0

    def bent(knee: float) -> Pose:
        ankle = foot_flat_ankle(-90.0, hip, knee)
        return base.with_limbs(
            BOTH_SIDES, hip_flexion=hip, knee_flexion=knee, ankle_dorsiflexion=ankle
        )

    def gap(knee: float) -> float:
        candidate = bent(knee)
        return clearance(body, candidate, FEET) - clearance(body, candidate, HIPS)

    return bent(bisect(gap, 60.0, 150.0))


def prone(body: BodyParams) -> Pose:
    """Lying face down, arms by the sides, forehead toward the floor, tops of the feet
    down; the hips flex slightly so the knees rest on the floor too."""

    def pose(hip_flexion: float) -> Pose:
        return (
            Pose.zero()
            .with_axial(pelvis_pitch=90, neck_flexion=-10)
            .with_limbs(
                BOTH_SIDES,
                shoulder_abduction=10,
                elbow_flexion=5,
                hip_flexion=hip_flexion,
                knee_flexion=hip_flexion,
                ankle_dorsiflexion=-70,
            )
        )

    def gap(hip_flexion: float) -> float:
        candidate = pose(hip_flexion)
        return clearance(body, candidate, KNEES) - clearance(body, candidate, HIPS)

    return pose(bisect(gap, 0.0, 30.0))
