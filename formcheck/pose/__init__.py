"""Pose data: landmark names, per-frame and per-block landmark containers and backends."""

from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark

__all__ = ["NUM_LANDMARKS", "Landmark", "PoseBlock", "PoseFrame"]
