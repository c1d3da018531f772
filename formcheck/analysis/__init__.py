"""The form-checking core: landmarks in, reps, holds, flags and gaps out.

Pure numpy and the exercise language: nothing here imports OpenCV or MediaPipe,
so the rules run (and are tested) without a camera, a video or a model.
"""
