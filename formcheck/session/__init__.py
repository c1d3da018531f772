"""Running one session: a recording or a camera, from frames to reports and files.

One runner serves `formcheck check` (one input), the batch workers (local and
Ray) and the live mode: it resolves the exercise and the model, opens the pose
backend, runs the frames through the pipeline with its sinks, and writes the
outputs (report, summary, annotated video, track, HTML page).
"""
