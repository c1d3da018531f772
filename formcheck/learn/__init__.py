"""Learning an exercise file from a demonstration: a few good reps (or a hold) in, TOML out.

`learn_exercise` reads a demonstration's landmark track through a bank of
candidate metrics (`bank`), finds the one that drives the reps (`driver`) and
how the sides take part (`sides`), sets the counting thresholds (`thresholds`),
turns the metrics the demonstration kept still into checks (`steady`), and
`writer` writes the file with a comment on where each number came from;
`confirm` checks the demonstration with the new file.
"""

from formcheck.learn.learn import Learned, learn_exercise

__all__ = ["Learned", "learn_exercise"]
