"""formcheck: camera-based exercise form checking.

The core (pose types, exercise specs, metrics, rep counting, constraints, reports)
imports neither mediapipe nor OpenCV; those are loaded lazily by the modules that
read video or run the pose model.
"""

__version__ = "0.1.0"
