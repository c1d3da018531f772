"""Live coaching: a camera (or a video played as one) checked frame by frame, with cues.

Capture runs on its own thread and keeps only the newest frame; the main thread
runs the pose model and the same :func:`formcheck.session.pipeline.analyze` pipeline as
`formcheck check`, one set at a time, and draws the window.
"""
