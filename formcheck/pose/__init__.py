"""Pose data: landmark names, per-frame landmark containers and backends."""

from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark

__all__ = ["NUM_LANDMARKS", "Landmark", "PoseFrame"]
