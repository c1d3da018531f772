"""Drawing on frames (OpenCV): skeleton, metrics, counters, cues; annotated video files."""
