"""Drawing on frames: the one HUD of the live window and the annotated video, and its parts."""
