"""The therapist's review app: patients -> sessions -> report, with flag reviews."""
