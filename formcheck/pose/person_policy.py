"""How a pose backend keeps to the exerciser when other people are in view.

A plain enum, apart from the MediaPipe backend that implements it, so options,
the command line and the landmarker supply name a policy without loading it.
"""

from __future__ import annotations

from enum import StrEnum


class PersonPolicy(StrEnum):
    """How the backend keeps to the exerciser when other people are in view.

    Figures: full model, this machine (2 cores), ``bench/person_policy.py`` and a
    composite of the clinic knee-hug clip with a standing person beside the table.

    - ``single``: one pose. MediaPipe's tracker follows whoever its detector picked
      when tracking (re)started: on the composite it stayed on the standing person
      for 100 % of the frames. Cheapest: ~85-90 frames/s on the clips.
    - ``choose``: two poses on every frame, the exerciser picked by
      :class:`~formcheck.pose.person_choice.PersonChooser` (97 % of frames on the
      patient in the composite). ~50-58 frames/s on one-person clips (x1.6 the time:
      with fewer than two people tracked, MediaPipe runs its person detector on every
      frame), ~40-45 frames/s with two people in view.
    - ``auto`` (default): ``single``, plus a two-pose scout that also runs on one
      frame every `scan_every_ms` (500 ms). Once the scout sees two people, two
      poses and the chooser are used on every frame from then on (97 % of frames on
      the patient in the composite, as ``choose``). On one-person
      footage the landmarks are exactly those of ``single`` (the two-pose
      landmarker loses hard subjects more often: on countix_U7b4jSjtdFQ it found
      nobody in 30 frames more than one pose did), at x1.16 the time of ``single``
      on a one-person clip (``bench/person_policy.py --cost``, 450 frames of
      vengaza_lunge_1). A bystander in view from the start is
      caught by the first scan, one who walks in later within about half a second
      (meanwhile one-pose tracking normally stays on whoever it already follows).
      On none of our 55 labelled one-person clips does the scout find a second
      person (``bench/person_policy.py --scout``; repeats of the exerciser are not
      counted, see `person_choice.distinct_people`), so there its counts are
      exactly those of ``single``.
    """

    SINGLE = "single"
    CHOOSE = "choose"
    AUTO = "auto"


DEFAULT_PERSON_POLICY = PersonPolicy.AUTO
